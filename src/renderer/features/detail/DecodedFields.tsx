import { showBidiControls } from '#shared/control-chars';
import type { Decoded } from '#shared/decoded';
import { decodedIsError, decodedLabel } from '../../lib/decoded-label';

/**
 * What a protocol decoder read in an event or frame, as rows of a fields list: its one-line label,
 * and for GraphQL the operation it belongs to and each error message on its own line.
 */
export function DecodedFields({ decoded }: { decoded: Decoded }) {
  const graphql = decoded.protocol === 'graphql-transport-ws' || decoded.protocol === 'graphql-sse' ? decoded : null;
  return (
    <>
      <div>
        <dt>decoded</dt>
        <dd data-testid="decoded" className={decodedIsError(decoded) ? 'error-text' : undefined}>
          {showBidiControls(decodedLabel(decoded))}
        </dd>
      </div>
      {graphql && (graphql.id !== undefined || graphql.operationName !== undefined) && (
        <div>
          <dt>operation</dt>
          <dd data-testid="graphql-operation">
            {[graphql.id !== undefined ? `#${graphql.id}` : '', graphql.operationName ?? '']
              .filter(Boolean)
              .map(showBidiControls)
              .join(' ')}
          </dd>
        </div>
      )}
      {graphql?.errors && graphql.errors.length > 0 && (
        <div>
          <dt>errors</dt>
          <dd>
            <ul className="graphql-errors" aria-label="GraphQL errors">
              {graphql.errors.map((message, i) => (
                <li key={i} className="error-text">
                  {showBidiControls(message)}
                </li>
              ))}
            </ul>
          </dd>
        </div>
      )}
    </>
  );
}
