import { useRef, useState } from 'react';
import './assemble.css';
import { parseJsonPath } from '#shared/json-path';
import { copyText } from '../../lib/clipboard';
import { getRecords } from '../../stores/sessions';
import { createRingCursor, readNew } from '../../lib/ring-cursor';
import { useRecordsOnFrame } from '../../lib/use-records-on-frame';
import {
  ASSEMBLE_PRESETS,
  createAssembler,
  MAX_ASSEMBLED_CHARS,
  type Assembler,
  type ReplyEnding,
} from './assemble-model';
import { createLlmStream, replyFigures, type LlmStream, type ReplyTiming, type ToolCall } from './llm-stream';
import { ToolCalls } from './ToolCalls';

const REFRESH_MS = 100;

/**
 * Reads a session's messages as the text they build: the string at a JSON path in every event,
 * concatenated live (OpenAI and Anthropic presets, auto-detected by default), with a copy button.
 */
export function AssemblePanel({ sessionId }: { sessionId: string }) {
  const [choice, setChoice] = useState<string>('auto');
  const [custom, setCustom] = useState('');
  const [copied, setCopied] = useState<string | null>(null);
  const path = choice === 'custom' ? custom.trim() : choice;
  const parsed = choice === 'custom' && path ? parseJsonPath(path) : null;
  const pathError = parsed && !parsed.ok ? parsed.error : null;
  const usable = choice !== 'custom' || (!!path && !pathError);

  const assembler = useRef<{ key: string; a: Assembler; llm: LlmStream } | null>(null);
  const cursor = useRef(createRingCursor());
  if (usable && assembler.current?.key !== path) {
    assembler.current = { key: path, a: createAssembler(path), llm: createLlmStream() };
    cursor.current = createRingCursor();
  }
  const [view, setView] = useState({
    length: 0,
    pieces: 0,
    messages: 0,
    activePath: null as string | null,
    ending: null as ReplyEnding | null,
    timing: null as ReplyTiming | null,
    toolCalls: [] as readonly ToolCall[],
  });

  useRecordsOnFrame(
    sessionId,
    () => {
      const entry = assembler.current;
      if (!entry) return;
      const { a, llm } = entry;
      const read = readNew(
        getRecords(sessionId),
        cursor.current,
        (r) => {
          llm.consume(r);
          return a.consume(r);
        },
        () => {
          a.reset();
          llm.reset();
        },
        20_000,
      );
      setView((v) =>
        v.length === a.text.length &&
        v.pieces === a.pieces &&
        v.messages === a.messages &&
        v.activePath === a.activePath &&
        v.ending === a.ending &&
        v.timing === llm.timing &&
        v.toolCalls === llm.toolCalls
          ? v
          : {
              length: a.text.length,
              pieces: a.pieces,
              messages: a.messages,
              activePath: a.activePath,
              ending: a.ending,
              timing: llm.timing,
              toolCalls: llm.toolCalls,
            },
      );
      return read.remaining > 0;
    },
    REFRESH_MS,
    path,
  );

  const a = usable ? assembler.current?.a : undefined;
  const text = a ? a.text : '';
  return (
    <section className="assemble-panel" aria-label="Assemble">
      <div className="path-controls assemble-controls">
        <label>
          Path
          <select value={choice} onChange={(e) => setChoice(e.target.value)} aria-label="Assemble path">
            <option value="auto">Auto-detect</option>
            {ASSEMBLE_PRESETS.map((p) => (
              <option key={p.path} value={p.path}>
                {p.name}: {p.path}
              </option>
            ))}
            <option value="custom">Custom JSON path…</option>
          </select>
        </label>
        {choice === 'custom' && (
          <input
            type="text"
            aria-label="Custom JSON path"
            placeholder="e.g. message.content"
            value={custom}
            spellCheck={false}
            aria-invalid={pathError ? true : undefined}
            onChange={(e) => setCustom(e.target.value)}
          />
        )}
        <button
          type="button"
          disabled={!text}
          onClick={() => {
            void copyText(text).then((ok) => {
              setCopied(ok ? 'Copied' : 'Copy failed');
              setTimeout(() => setCopied(null), 1500);
            });
          }}
        >
          Copy
        </button>
        {copied && (
          <span className="assemble-status" role="status">
            {copied}
          </span>
        )}
      </div>
      {pathError && (
        <p className="path-error assemble-error" role="alert">
          {pathError}
        </p>
      )}
      <p className="assemble-meta" data-testid="assemble-meta">
        {view.activePath
          ? `${view.pieces.toLocaleString()} of ${view.messages.toLocaleString()} messages · ${view.length.toLocaleString()} characters · ${view.activePath}`
          : view.messages
            ? `No message matched yet (${view.messages.toLocaleString()} seen)`
            : 'Waiting for messages'}
        {a?.truncated ? ` · cut at ${MAX_ASSEMBLED_CHARS.toLocaleString()} characters` : ''}
      </p>
      {view.timing?.firstTokenAt != null && (
        <p className="assemble-meta" data-testid="assemble-timing">
          {describeTiming(view.timing, view.ending)}
        </p>
      )}
      {view.ending && (
        <p className="assemble-meta" data-testid="assemble-ending">
          {describeEnding(view.ending)}
        </p>
      )}
      {view.toolCalls.length > 0 && <ToolCalls calls={view.toolCalls} />}
      {!text && (
        <p className="assemble-hint">
          The string at the path in each message is appended here as the stream arrives: choices[0].delta.content for
          OpenAI Chat Completions, delta of response.output_text.delta events for the OpenAI Responses API, delta.text
          for Anthropic Messages, candidates[0].content.parts[0].text for Gemini, message.content for Ollama&apos;s
          NDJSON (auto-detect tries each). Tool calls are assembled from their argument deltas.
        </p>
      )}
      <pre className="assemble-text" aria-label="Assembled text" data-testid="assembled-text" hidden={!text}>
        {text}
      </pre>
    </section>
  );
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** "First token after 312 ms · 15.2 chunks/s · 48.1 tokens/s · total 1.24 s · 14 chunks". */
function describeTiming(timing: ReplyTiming, ending: ReplyEnding | null): string {
  const f = replyFigures(timing);
  const parts: string[] = [];
  if (f.ttftMs !== null) parts.push(`First token after ${seconds(f.ttftMs)}`);
  if (f.chunksPerSec !== null) parts.push(`${f.chunksPerSec.toFixed(1)} chunks/s`);
  const span =
    timing.lastTokenAt !== null && timing.firstTokenAt !== null ? timing.lastTokenAt - timing.firstTokenAt : 0;
  if (ending?.outputTokens != null && span > 0)
    parts.push(`${((ending.outputTokens * 1000) / span).toFixed(1)} tokens/s`);
  if (f.totalMs !== null) parts.push(`total ${seconds(f.totalMs)}`);
  parts.push(`${timing.chunks.toLocaleString()} chunk${timing.chunks === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** "Finished: stop · 26 prompt tokens · 12 generated tokens". */
function describeEnding(ending: ReplyEnding): string {
  const parts = [`Finished: ${ending.reason}`];
  if (ending.inputTokens !== null) parts.push(`${ending.inputTokens.toLocaleString()} prompt tokens`);
  if (ending.outputTokens !== null) parts.push(`${ending.outputTokens.toLocaleString()} generated tokens`);
  return parts.join(' · ');
}
