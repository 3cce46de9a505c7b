import { useRef, useState } from 'react';
import type { ReplayStatus } from '#shared/api';
import {
  replayCommand,
  replayFromStart,
  replaySeek,
  replaySpeed,
  serveReplay,
  unserveReplay,
} from '../../lib/session-actions';
import { useSessions } from '../../stores/sessions';

export const SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 20, 0];
const speedLabel = (s: number) => (s === 0 ? 'instant' : `${s}×`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** How long after a key seek the next press steps on from its target. */
const KEY_SEEK_STICKY_MS = 1500;

/**
 * Keyboard steps of the seek bar. Its value is in milliseconds (a drag lands anywhere), so the
 * range input's own arrow step was 1 ms: 50,000 presses to cross a 50 s recording.
 */
const SEEK_KEYS: Record<string, number> = {
  ArrowRight: 1000,
  ArrowUp: 1000,
  ArrowLeft: -1000,
  ArrowDown: -1000,
  PageUp: 10_000,
  PageDown: -10_000,
};

/** Transport controls of a replay session: play/pause, step, speed, a seek bar, serve. */
export function ReplayControls({ sessionId }: { sessionId: string }) {
  const replay = useSessions((s) => s.sessions[sessionId]?.replay);
  const [seekDraft, setSeekDraft] = useState<number | null>(null);
  // The last keyboard seek and when it was asked for: a press soon after steps on from that target,
  // not from the position the replay reports, which lags behind presses (and may pass through
  // intermediate values while a seek lands).
  const keySeek = useRef<{ ms: number; at: number } | null>(null);
  if (!replay) return null;
  const r: ReplayStatus = replay;
  const done = r.total > 0 && r.index >= r.total;
  const max = Math.max(1, Math.round(r.durationMs));
  const shownMs = seekDraft ?? Math.round(r.positionMs);
  return (
    <div className="replay-controls" role="group" aria-label="Replay">
      {r.playing ? (
        <button type="button" onClick={() => void replayCommand(sessionId, 'pause')}>
          Pause replay
        </button>
      ) : done ? (
        // At the end, Play starts over, as a media player's does (seeking back by hand did before).
        <button type="button" className="primary" onClick={() => void replayFromStart(sessionId)}>
          Play from start
        </button>
      ) : (
        <button type="button" className="primary" onClick={() => void replayCommand(sessionId, 'play')}>
          Play
        </button>
      )}
      <button
        type="button"
        onClick={() => void replayCommand(sessionId, 'step')}
        disabled={done}
        title="Emit the next record"
      >
        Step
      </button>
      <label className="inline-label">
        Speed
        <select
          aria-label="Replay speed"
          value={String(r.speed)}
          onChange={(e) => void replaySpeed(sessionId, Number(e.target.value))}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={String(s)}>
              {speedLabel(s)}
            </option>
          ))}
        </select>
      </label>
      <input
        type="range"
        className="seek"
        aria-label="Seek"
        min={0}
        max={max}
        step={1}
        value={shownMs}
        aria-valuetext={`${seconds(shownMs)} of ${seconds(r.durationMs)}`}
        onChange={(e) => setSeekDraft(Number(e.target.value))}
        onKeyDown={(e) => {
          const delta = SEEK_KEYS[e.key];
          if (delta === undefined) return;
          // The input's own 1 ms step is replaced by whole seconds, and the seek goes at once.
          e.preventDefault();
          const now = performance.now();
          const last = keySeek.current;
          const from = last && now - last.at < KEY_SEEK_STICKY_MS ? last.ms : Math.round(r.positionMs);
          const to = Math.min(max, Math.max(0, from + delta));
          keySeek.current = { ms: to, at: now };
          setSeekDraft(to);
          void replaySeek(sessionId, to).finally(() => setSeekDraft((d) => (d === to ? null : d)));
        }}
        onPointerUp={() => {
          if (seekDraft !== null) void replaySeek(sessionId, seekDraft).finally(() => setSeekDraft(null));
        }}
        onKeyUp={(e) => {
          if (e.key in SEEK_KEYS) return;
          if (seekDraft !== null) void replaySeek(sessionId, seekDraft).finally(() => setSeekDraft(null));
        }}
      />
      <span className="replay-progress" data-testid="replay-progress">
        {seconds(r.positionMs)} / {seconds(r.durationMs)} · {r.index}/{r.total}
      </span>
      <ServeButton sessionId={sessionId} servingUrl={r.servingUrl} />
      {r.warnings.length > 0 && (
        <span className="warn" title={r.warnings.join('\n')}>
          ⚠ {r.warnings.length} warning{r.warnings.length > 1 ? 's' : ''}
        </span>
      )}
    </div>
  );
}

function ServeButton({ sessionId, servingUrl }: { sessionId: string; servingUrl: string | null }) {
  const [url, setUrl] = useState<string | null>(null);
  const shown = servingUrl ?? url;
  if (shown) {
    return (
      <span className="serving">
        Serving at <code className="serving-url">{shown}</code>
        <button
          type="button"
          onClick={async () => {
            await unserveReplay(sessionId);
            setUrl(null);
          }}
        >
          Stop serving
        </button>
      </span>
    );
  }
  return (
    <button type="button" onClick={async () => setUrl(await serveReplay(sessionId))}>
      Serve this recording
    </button>
  );
}
