import { useCallback, useRef, useState } from 'react';
import { toCurl } from '../../lib/curl';
import { draftToRequest } from '../../lib/request-draft';
import { useRequest } from '../../stores/request';
import { applyCurl } from './apply-curl';
import { copyText } from '../../lib/clipboard';
import { useEscape } from '../../lib/use-escape';

/** "Import curl" (a paste box) and "Copy as curl". */
export function CurlTools({ onImported }: { onImported(): void }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [copied, setCopied] = useState<string | null>(null);
  const importButton = useRef<HTMLButtonElement>(null);
  const copyButton = useRef<HTMLButtonElement>(null);
  useEscape(
    open,
    useCallback(() => setOpen(false), []),
    importButton,
  );
  useEscape(
    copied !== null,
    useCallback(() => setCopied(null), []),
    copyButton,
  );
  const copy = async () => {
    const cmd = toCurl(draftToRequest(useRequest.getState().draft));
    await copyText(cmd);
    // Shown as well as copied: the clipboard may be refused (plain http origin, headless).
    setCopied(cmd);
  };
  return (
    <>
      <button ref={importButton} type="button" onClick={() => setOpen(!open)} aria-expanded={open}>
        Import curl
      </button>
      <button ref={copyButton} type="button" onClick={() => void copy()}>
        Copy as curl
      </button>
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
