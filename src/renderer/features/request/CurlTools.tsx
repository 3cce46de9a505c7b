import { useCallback, useRef, useState } from 'react';
import { toCurl } from '../../lib/curl';
import { draftToRequest } from '../../lib/request-draft';
import { useRequest } from '../../stores/request';
import { applyCurl } from './apply-curl';
import { copyText } from '../../lib/clipboard';
import { useEscape } from '../../lib/use-escape';
import { Menu, menuBelow } from '../../components/Menu';

/**
 * "Import curl…" (a paste box) and "Copy as curl", behind one "curl" menu button: two buttons of
 * their own left the URL field a third of the bar at 1280 px. (Pasting a curl command into the
 * URL field imports it too.)
 */
export function CurlTools({ onImported }: { onImported(): void }) {
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [copied, setCopied] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEscape(
    open,
    useCallback(() => setOpen(false), []),
    button,
  );
  useEscape(
    copied !== null,
    useCallback(() => setCopied(null), []),
    button,
  );
  const copy = async () => {
    const cmd = toCurl(draftToRequest(useRequest.getState().draft));
    await copyText(cmd);
    // Shown as well as copied: the clipboard may be refused (plain http origin, headless).
    setCopied(cmd);
  };
  return (
    <>
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={menuAt !== null}
        title="Import a curl command, or copy this request as one"
        onClick={(e) => setMenuAt(menuAt ? null : menuBelow(e.currentTarget))}
      >
        curl ▾
      </button>
      {menuAt && (
        <Menu
          label="curl"
          at={menuAt}
          onClose={() => setMenuAt(null)}
          items={[
            { label: 'Import curl…', onSelect: () => setOpen(true) },
            { label: 'Copy as curl', onSelect: () => void copy() },
          ]}
        />
      )}
      {copied && (
        <div className="popover curl-copied" role="dialog" aria-label="Copied curl command">
          <pre className="data-text" aria-label="curl command">
            {copied}
          </pre>
          <div className="row">
            <span className="muted">Copied to the clipboard.</span>
            <span className="spacer" />
            <button type="button" onClick={() => setCopied(null)}>
              Close
            </button>
          </div>
        </div>
      )}
      {open && (
        <div className="popover curl-import" role="dialog" aria-label="Import curl">
          <textarea
            aria-label="curl command"
            rows={6}
            spellCheck={false}
            autoFocus
            placeholder="curl https://api.example.com/v1/stream -H 'Authorization: Bearer …' -d '{…}'"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <div className="row">
            <button
              type="button"
              className="primary"
              onClick={() => {
                if (applyCurl(text)) {
                  setOpen(false);
                  setText('');
                  onImported();
                }
              }}
            >
              Apply
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </>
  );
}
