import { useRef, useState } from 'react';
import './assemble.css';
import { parseJsonPath } from '../../../shared/json-path';
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

  const assembler = useRef<{ key: string; a: Assembler } | null>(null);
  const cursor = useRef(createRingCursor());
  if (usable && assembler.current?.key !== path) {
    assembler.current = { key: path, a: createAssembler(path) };
    cursor.current = createRingCursor();
  }
  const [view, setView] = useState({
    length: 0,
    pieces: 0,
    messages: 0,
    activePath: null as string | null,
    ending: null as ReplyEnding | null,
  });

  useRecordsOnFrame(
    sessionId,
    () => {
      const entry = assembler.current;
      if (!entry) return;
      const a = entry.a;
      const read = readNew(getRecords(sessionId), cursor.current, a.consume, a.reset, 20_000);
      setView((v) =>
        v.length === a.text.length &&
        v.pieces === a.pieces &&
        v.messages === a.messages &&
        v.activePath === a.activePath &&
        v.ending === a.ending
          ? v
          : {
              length: a.text.length,
              pieces: a.pieces,
              messages: a.messages,
              activePath: a.activePath,
              ending: a.ending,
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
      <div className="assemble-controls">
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
        <p className="assemble-error" role="alert">
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
      {view.ending && (
        <p className="assemble-meta" data-testid="assemble-ending">
          {describeEnding(view.ending)}
        </p>
      )}
      {!text && (
        <p className="assemble-hint">
          The string at the path in each message is appended here as the stream arrives: choices[0].delta.content for
          OpenAI-style streams, delta.text for Anthropic-style ones, message.content for Ollama&apos;s NDJSON
          (auto-detect tries each).
        </p>
      )}
      <pre className="assemble-text" aria-label="Assembled text" data-testid="assembled-text" hidden={!text}>
        {text}
      </pre>
    </section>
  );
}

/** "Finished: stop · 26 prompt tokens · 12 generated tokens". */
function describeEnding(ending: ReplyEnding): string {
  const parts = [`Finished: ${ending.reason}`];
  if (ending.inputTokens !== null) parts.push(`${ending.inputTokens.toLocaleString()} prompt tokens`);
  if (ending.outputTokens !== null) parts.push(`${ending.outputTokens.toLocaleString()} generated tokens`);
  return parts.join(' · ');
}
