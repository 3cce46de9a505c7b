/**
 * User actions that talk to the back end. Each one reports a failure as an inline notice (the
 * one-line message from the API's Result) instead of throwing into React.
 */
import type { SessionInfo } from '#shared/api';
import { RECORDING_EXTENSION } from '#shared/recording-format';
import type { Result } from '#shared/result';
import { getApi } from '../bridge';
import { rememberConnectedDraft } from './draft-binding';
import { streamUrlProblem, withDefaultScheme } from './url-entry';
import { draftToRequest, EMPTY_DRAFT, graphqlDraftProblem, requestToDraft, type RequestDraft } from './request-draft';
import { dropListIndex, getListIndex } from './list-index';
import { useRequest } from '../stores/request';
import { activeVariables } from '../stores/workspace';
import { substituteDraft } from '#shared/workspace';
import { clearRecords, useSessions } from '../stores/sessions';
import { useView } from '../stores/view';

function report<T>(what: string, res: Result<T>): res is { ok: true; value: T } {
  if (!res.ok) useView.getState().setNotice(`${what}: ${res.error.message}`);
  return res.ok;
}

/** Show a session the back end opened (e.g. from the Watch view) as the active tab. */
export function adoptSession(info: SessionInfo): void {
  adopt(info);
}

function adopt(info: SessionInfo): void {
  useSessions.getState().upsert(info);
  useSessions.getState().setActive(info.id);
  useView.getState().setShowCompare(false);
}

/** Open a new session from the request bar's draft (a new tab). */
export async function connectDraft(typed: RequestDraft = useRequest.getState().draft): Promise<SessionInfo | null> {
  if (!typed.url.trim()) {
    useView.getState().setNotice('Enter a URL first (http(s):// for SSE, ws(s):// for WebSocket).');
    return null;
  }
  const url = withDefaultScheme(typed.url);
  const draft = url === typed.url ? typed : { ...typed, url };
  // The bar shows the URL as connected (with the scheme it was given).
  if (draft !== typed && useRequest.getState().draft === typed) useRequest.getState().patch({ url });
  const problem = graphqlDraftProblem(draft);
  if (problem) {
    useView.getState().setNotice(`Connect failed: ${problem}`);
    return null;
  }
  // {{variables}} of the active environment, at connect time; secret ones stay out of recordings.
  const filled = substituteDraft(draft, activeVariables());
  if (!filled.ok) {
    useView.getState().setNotice(`Connect failed: ${filled.error}`);
    return null;
  }
  const request = draftToRequest(filled.draft);
  const urlProblem = streamUrlProblem(request.url);
  if (urlProblem) {
    useView.getState().setNotice(`Connect failed: ${urlProblem}`);
    return null;
  }
  useView.getState().setNotice(null);
  const res = await getApi().sessions.open({ request, ...(filled.secrets.length ? { secrets: filled.secrets } : {}) });
  if (!report('Connect failed', res)) return null;
  useRequest.getState().rememberUrl(draft.url.trim());
  rememberConnectedDraft(res.value.id, draft);
  adopt(res.value);
  return res.value;
}

/**
 * Show the launcher for a new session. It starts from a clean request (no headers, body or
 * credentials of another session leak into it) unless `from` names a session to duplicate.
 */
export function newSession(from?: string): void {
  const source = from ? useSessions.getState().sessions[from] : undefined;
  useRequest.getState().replace(source ? requestToDraft(source.request) : EMPTY_DRAFT);
  useSessions.getState().setActive(null);
  useView.getState().setShowCompare(false);
}

/** Connect again with a failed session's request, in its place (the new tab replaces it). */
export async function retrySession(id: string): Promise<void> {
  const info = useSessions.getState().sessions[id];
  if (!info) return;
  const fresh = await connectDraft(requestToDraft(info.request));
  if (fresh) await closeTab(id, fresh.id);
}

export async function disconnect(id: string): Promise<void> {
  report('Disconnect failed', await getApi().sessions.close(id));
}

/** Closes a tab; with `successor`, the tab that replaces it takes its place (Retry). */
export async function closeTab(id: string, successor?: string): Promise<void> {
  // The tab goes at once and the back end is told after: over a slow bridge the closed tab (or,
  // on Retry, both tabs) would stay on screen for a round trip. It goes even if the back end
  // already lost the session: a tab that cannot be closed is worse.
  useSessions.getState().remove(id, successor);
  useView.getState().dropView(id);
  dropListIndex(id);
  const res = await getApi().sessions.remove(id);
  if (!res.ok && res.error.code !== 'not-found') report('Close failed', res);
}

export async function clearSession(id: string): Promise<void> {
  const res = await getApi().sessions.clear(id);
  if (!report('Clear failed', res)) return;
  getListIndex(id).reset();
  const info = useSessions.getState().sessions[id];
  if (info) useView.getState().patchView(id, info.transport, { selectedSeq: null, followPausedAt: null });
  clearRecords(id);
}

/** Starts recording (from now, or with what the session's buffer holds) or stops it. */
export async function setRecording(id: string, on: boolean, includeBuffered = false): Promise<void> {
  const api = getApi();
  report(
    on ? 'Record failed' : 'Stop recording failed',
    on ? await api.recording.start(id, { includeBuffered }) : await api.recording.stop(id),
  );
}

/** Offers text as a file download (the browser host's way of saving). */
function offerDownload(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A download name from the session's title: `<title><extension>`, file-system safe. */
function downloadName(id: string, extension: string): string {
  const info = useSessions.getState().sessions[id];
  return `${(info?.title ?? 'session').replace(/[^\w.-]+/g, '_').slice(0, 60)}${extension}`;
}

/** Save a recording: Electron writes a file; the browser host returns text, offered as a download. */
export async function saveRecording(id: string): Promise<string | null> {
  const res = await getApi().recording.save(id);
  if (!report('Save failed', res)) return null;
  if (res.value.text !== null) {
    const name = downloadName(id, RECORDING_EXTENSION);
    offerDownload(res.value.text, name, 'application/x-ndjson');
    return name;
  }
  return res.value.path;
}

/** Export a session as HAR, like {@link saveRecording}: a file in Electron, a download in the browser. */
export async function exportHar(id: string): Promise<string | null> {
  const res = await getApi().recording.exportHar(id);
  if (!report('HAR export failed', res)) return null;
  if (res.value.text !== null) {
    const name = downloadName(id, '.har');
    offerDownload(res.value.text, name, 'application/json');
    return name;
  }
  return res.value.path;
}

export async function openRecordingText(name: string, text: string): Promise<SessionInfo | null> {
  const res = await getApi().replay.openText(name, text);
  if (!res.ok) {
    // The back end names the file at the start of a format error ("x.ssrec: line 4: …"): say it once.
    const { message } = res.error;
    const own = message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message;
    report(`Could not open ${name}`, { ok: false, error: { ...res.error, message: own } });
    return null;
  }
  useView.getState().setNotice(null);
  adopt(res.value);
  return res.value;
}

export async function openRecordingFile(file: File): Promise<SessionInfo | null> {
  const text = await file.text();
  return openRecordingText(file.name, text);
}

/** Base URL of the embedded demo server, cached after the first call. */
let demoBase: string | null = null;
export async function demoBaseUrl(): Promise<string | null> {
  if (demoBase) return demoBase;
  const res = await getApi().demo.info();
  if (!report('Demo unavailable', res)) return null;
  demoBase = res.value.baseUrl.replace(/\/$/, '');
  return demoBase;
}

/** The classic demo as documented: a message every 2 s, a status every 5 s (the server's defaults). */
export const DEMO_SSE_PATH = '/sse';
export const DEMO_WS_PATH = '/ws';
/** The same demo four times faster: a message every 0.5 s, a status every 2 s. */
const FAST_QUERY = '?interval=500&statusInterval=2000';

function demoDraft(url: string, method = 'GET'): RequestDraft {
  return { url, method, headers: [], body: '', reconnect: 'auto' };
}

export async function launchDemo(which: 'sse' | 'ws' | 'compare', pace: 'classic' | 'fast' = 'classic'): Promise<void> {
  const base = await demoBaseUrl();
  if (!base) return;
  const wsBase = base.replace(/^http/, 'ws');
  const query = pace === 'fast' ? FAST_QUERY : '';
  if (which === 'sse' || which === 'ws') {
    const draft = demoDraft(which === 'sse' ? base + DEMO_SSE_PATH + query : wsBase + DEMO_WS_PATH + query);
    useRequest.getState().replace(draft);
    await connectDraft(draft);
    return;
  }
  // A side-by-side comparison needs samples within seconds: always the fast pace.
  const sse = await connectDraft(demoDraft(base + DEMO_SSE_PATH + FAST_QUERY));
  const ws = await connectDraft(demoDraft(wsBase + DEMO_WS_PATH + FAST_QUERY));
  if (sse && ws) useView.getState().setCompare({ sseSessionId: sse.id, wsSessionId: ws.id });
}

export async function launchScenario(path: string, method: 'GET' | 'POST'): Promise<void> {
  const base = await demoBaseUrl();
  if (!base) return;
  const draft = demoDraft(base + (path.startsWith('/') ? path : `/${path}`), method);
  useRequest.getState().replace(draft);
  await connectDraft(draft);
}

export async function replayCommand(id: string, cmd: 'play' | 'pause' | 'step'): Promise<void> {
  const api = getApi().replay;
  const res = cmd === 'play' ? await api.play(id) : cmd === 'pause' ? await api.pause(id) : await api.step(id);
  report(`Replay ${cmd} failed`, res);
}

export async function replaySeek(id: string, ms: number): Promise<void> {
  report('Seek failed', await getApi().replay.seek(id, { ms }));
}

export async function replayFromStart(id: string): Promise<void> {
  const api = getApi().replay;
  if (report('Seek failed', await api.seek(id, { ms: 0 }))) report('Replay play failed', await api.play(id));
}

export async function replaySpeed(id: string, speed: number): Promise<void> {
  report('Speed change failed', await getApi().replay.setSpeed(id, speed));
}

export async function serveReplay(id: string): Promise<string | null> {
  const res = await getApi().replay.serve(id);
  return report('Serve failed', res) ? res.value.url : null;
}

export async function unserveReplay(id: string): Promise<void> {
  report('Stop serving failed', await getApi().replay.unserve(id));
}
