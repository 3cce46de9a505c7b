import { useState } from 'react';
import { showBidiControls } from '#shared/control-chars';
import { JsonTree } from '../../components/JsonTree';
import { Marked } from '../../components/Marked';
import { copyText } from '../../lib/clipboard';
import { parseJsonContainer } from '../../lib/json-path-format';
import type { MatchFinder } from '../../lib/record-filter';
import { textPrefix } from './detail-model';

/**
 * Characters of data rendered at once. The whole of a 5 MiB event, laid out as text, held the page
 * for seconds; a JSON tree of it is parsed and built only when asked for.
 */
const DATA_MAX_CHARS = 32 * 1024;

const count = (n: number) => n.toLocaleString('en-US');

/**
 * An event's or frame's data: a JSON tree for an object or array, else text with the filter's
 * matches marked. Data longer than DATA_MAX_CHARS shows its start as text, with a note saying how
 * much of how much, and buttons to show or copy all of it.
 */
export function DataView({ data, find }: { data: string; find: MatchFinder | null }) {
  // Both hold for the data they were pressed for: the next record starts cut again.
  const [allOf, setAllOf] = useState<string | null>(null);
  const [copiedOf, setCopiedOf] = useState<string | null>(null);
  const cut = data.length > DATA_MAX_CHARS && allOf !== data;
  const shown = cut ? textPrefix(data, DATA_MAX_CHARS) : data;
  const json = cut ? null : parseJsonContainer(data);
  const looksJson = cut && /^\s*[[{]/.test(shown);
  return (
    <section>
      <h4>Data {json ? <span className="badge">JSON</span> : <span className="badge">text</span>}</h4>
      {cut && (
        <p className="cut-note" role="note">
          Showing the first {count(shown.length)} of {count(data.length)} characters
          {looksJson ? ', as text (the JSON tree is built when all is shown)' : ''}.{' '}
          <button
            type="button"
            title="Lays out all of the data at once: the page may not respond for a few seconds"
            onClick={() => setAllOf(data)}
          >
            Show all
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              void copyText(data).then((ok) => setCopiedOf(ok ? data : null));
            }}
          >
            Copy all
          </button>
          {copiedOf === data && <span role="status"> Copied.</span>}
        </p>
      )}
      {json ? (
        <JsonTree value={json} find={find} />
      ) : (
        <pre className="data-text">
          <Marked text={showBidiControls(shown)} find={find} />
        </pre>
      )}
    </section>
  );
}
