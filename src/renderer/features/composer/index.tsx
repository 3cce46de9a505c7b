import { useState } from 'react';
import './composer.css';
import { getApi } from '../../bridge';
import { useSessions } from '../../stores/sessions';
import { useComposer, useComposerHistory } from '../../stores/composer';
import { buildOutgoing, prettyJson, type BinaryEncoding, type ComposerMode } from './composer-model';
import { MessageTemplates } from './MessageTemplates';

const EVENT_MODE = {
  mode: 'event' as const,
  label: 'Event',
  placeholder: 'Arguments, a JSON array: ["hello", {"n": 1}]',
};
const MODES: Array<{ mode: ComposerMode; label: string; placeholder: string }> = [
  { mode: 'text', label: 'Text', placeholder: 'Text to send as a text frame' },
  { mode: 'json', label: 'JSON', placeholder: '{"type": "subscribe", "channel": "ticker"}' },
  { mode: 'binary', label: 'Binary', placeholder: 'de ad be ef' },
  { mode: 'ping', label: 'Ping', placeholder: 'Optional ping payload (≤ 125 bytes)' },
];

// Ids only tell entries apart in a list: start past any a previous run stored.
let nextId = Date.now();

/**
 * Sends text, JSON, binary (hex or base64) or ping frames on a WebSocket session, validating the
 * input as it is typed. What was sent is kept per request URL across restarts (click one to load
 * it again; a saved request carries it), and messages can be kept as named templates. The frames
 * themselves appear in the shell's event list with their direction.
 */
export function ComposerPanel({ sessionId }: { sessionId: string }) {
  const transport = useSessions((s) => s.sessions[sessionId]?.transport);
  const readyState = useSessions((s) => s.sessions[sessionId]?.readyState);
  const source = useSessions((s) => s.sessions[sessionId]?.source);
  const url = useSessions((s) => s.sessions[sessionId]?.request.url ?? '');
  const socketIo = useSessions((s) => s.sessions[sessionId]?.request.socketio !== undefined);
  const [mode, setMode] = useState<ComposerMode>(socketIo ? 'event' : 'text');
  const [eventName, setEventName] = useState('');
  const [encoding, setEncoding] = useState<BinaryEncoding>('hex');
  const [input, setInput] = useState('');
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const history = useComposerHistory(url);

  if (transport !== 'ws' || source === 'replay') {
    return (
      <section className="composer-panel" aria-label="Composer">
        <p className="composer-note">
          The composer sends frames on live WebSocket sessions (ws:// or wss://). This session is{' '}
          {source === 'replay' ? 'a replay' : 'not a WebSocket'}.
        </p>
      </section>
    );
  }

  const open = readyState === 1;
  const modes = socketIo ? [EVENT_MODE, ...MODES] : MODES;
  const built =
    (mode === 'text' && input === '') || (mode === 'event' && eventName === '')
      ? null
      : buildOutgoing(mode, input, encoding, eventName);
  const validation = built && !built.ok && input !== '' ? built.error : null;

  const send = async () => {
    const result = buildOutgoing(mode, input, encoding, eventName);
    if (!result.ok) {
      setSendError(result.error);
      return;
    }
    setSending(true);
    setSendError(null);
    const res = await getApi().sessions.send(sessionId, result.message);
    setSending(false);
    const error = res.ok ? null : res.error.message;
    if (error) setSendError(error);
    useComposer.getState().sent(url, {
      id: nextId++,
      at: Date.now(),
      mode,
      encoding,
      input,
      ...(mode === 'event' ? { event: eventName } : {}),
      summary: result.summary,
      size: result.size,
      error,
    });
  };

  const load = (m: { mode: ComposerMode; encoding: BinaryEncoding; input: string; event?: string }) => {
    if (m.event !== undefined) setEventName(m.event);
    setMode(m.mode);
    setEncoding(m.encoding);
    setInput(m.input);
    setSendError(null);
  };

  const current = modes.find((m) => m.mode === mode) ?? modes[0]!;
  return (
    <section className="composer-panel" aria-label="Composer">
      <div className="composer-modes" role="radiogroup" aria-label="Frame type">
        {modes.map((m) => (
          <label key={m.mode} className={m.mode === mode ? 'active' : undefined}>
            <input
              type="radio"
              name={`composer-mode-${sessionId}`}
              checked={m.mode === mode}
              onChange={() => setMode(m.mode)}
            />
            {m.label}
          </label>
        ))}
        {mode === 'binary' && (
          <label className="composer-encoding">
            Encoding
            <select
              aria-label="Encoding"
              value={encoding}
              onChange={(e) => setEncoding(e.target.value as BinaryEncoding)}
            >
              <option value="hex">hex</option>
              <option value="base64">base64</option>
            </select>
          </label>
        )}
      </div>
      {mode === 'event' && (
        <label className="composer-event">
          Event
          <input
            type="text"
            aria-label="Event name"
            spellCheck={false}
            value={eventName}
            placeholder="chat message"
            onChange={(e) => {
              setEventName(e.target.value);
              setSendError(null);
            }}
          />
        </label>
      )}
      <textarea
        aria-label={mode === 'event' ? 'Arguments' : 'Message'}
        className="composer-input"
        value={input}
        spellCheck={false}
        rows={mode === 'ping' ? 2 : mode === 'event' ? 4 : 6}
        placeholder={current.placeholder}
        aria-invalid={validation ? true : undefined}
        onChange={(e) => {
          setInput(e.target.value);
          setSendError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            e.stopPropagation();
            if (open && !sending) void send();
          }
        }}
      />
      <div className="composer-actions">
        <button type="button" onClick={() => void send()} disabled={!open || sending || !!validation}>
          Send
        </button>
        {(mode === 'json' || mode === 'event') && (
          <button
            type="button"
            onClick={() => {
              const pretty = prettyJson(input);
              if (pretty.ok) setInput(pretty.text);
              else setSendError(pretty.error);
            }}
          >
            Format
          </button>
        )}
        <span className="composer-hint">
          {built?.ok ? `${built.size} B · Ctrl+Enter to send` : 'Ctrl+Enter to send'}
        </span>
        {!open && <span className="composer-note">Not connected: sending needs an OPEN WebSocket.</span>}
      </div>
      {(validation || sendError) && (
        <p className="composer-error" role="alert">
          {validation ?? sendError}
        </p>
      )}
      <MessageTemplates current={{ mode, encoding, input }} onLoad={load} />
      <h3>Sent ({history.length})</h3>
      {history.length === 0 ? (
        <p className="composer-note">Nothing sent yet.</p>
      ) : (
        <ul className="composer-history" aria-label="Sent messages">
          {history.map((h, i) => (
            <li key={`${h.id}-${i}`} className={h.error ? 'failed' : undefined}>
              <button
                type="button"
                title="Load into the editor"
                aria-label={`Load ${h.summary}`}
                onClick={() => load(h)}
              >
                ↺
              </button>
              <span className="composer-time">{new Date(h.at).toLocaleTimeString()}</span>
              <span className="composer-kind">{h.mode === 'binary' ? `binary/${h.encoding}` : h.mode}</span>
              <span className="composer-summary">{h.summary}</span>
              {h.error && <span className="composer-error-inline">{h.error}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
