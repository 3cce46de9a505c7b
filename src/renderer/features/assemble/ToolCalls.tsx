import { JsonTree } from '../../components/JsonTree';
import { showBidiControls } from '#shared/control-chars';
import { parseArguments, type ToolCall } from './llm-stream';

/** Each tool call with its assembled arguments as a JSON tree; where the JSON breaks is marked. */
export function ToolCalls({ calls }: { calls: readonly ToolCall[] }) {
  return (
    <section className="tool-calls" aria-label="Tool calls">
      <h4>Tool calls ({calls.length})</h4>
      {calls.map((c) => (
        <ToolCallView key={c.key} call={c} />
      ))}
    </section>
  );
}

function ToolCallView({ call }: { call: ToolCall }) {
  const parsed = parseArguments(call.arguments);
  const tree = parsed.ok ? parsed.value : parsed.partial;
  return (
    <article className="tool-call" data-testid="tool-call">
      <p className="tool-call-head">
        <strong>{showBidiControls(call.name || '(no name yet)')}</strong>
        {call.id && <span className="muted"> {showBidiControls(call.id)}</span>}
        <span className="muted"> · {call.arguments.length.toLocaleString()} characters of arguments</span>
      </p>
      {!parsed.ok && (
        <>
          <p className="tool-call-error" role="alert">
            Arguments are not valid JSON: {parsed.error}
          </p>
          {/* Text nodes only: the break is a <mark>, never markup built from the stream. */}
          <pre className="tool-call-raw" aria-label="Raw arguments">
            {showBidiControls(call.arguments.slice(0, parsed.at))}
            <mark className="tool-call-break" title={parsed.error}>
              {parsed.at < call.arguments.length
                ? showBidiControls(call.arguments.slice(parsed.at, parsed.at + 1))
                : '⟂'}
            </mark>
            {showBidiControls(call.arguments.slice(parsed.at + 1))}
          </pre>
        </>
      )}
      {tree !== null && typeof tree === 'object' ? (
        <>
          {!parsed.ok && <p className="muted">What arrived, closed where the stream cut it:</p>}
          <JsonTree value={tree} />
        </>
      ) : parsed.ok ? (
        <pre className="tool-call-raw">{showBidiControls(JSON.stringify(tree))}</pre>
      ) : null}
    </article>
  );
}
