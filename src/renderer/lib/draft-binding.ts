import type { SessionInfo } from '#shared/api';
import { draftToRequest, requestToDraft, type RequestDraft } from './request-draft';

/**
 * Whether the request bar still shows the request a live session runs: only then do its button,
 * Enter and Ctrl+Enter disconnect that session. Once the user edits the URL (or method, headers,
 * body) the bar holds a new request, and they connect it, leaving the running stream alone: the
 * key a user presses after typing a URL must never end a stream and open nothing.
 *
 * A session is compared with the request it was connected from (as typed: `{{variables}}` are
 * filled in only on the way to the back end, so the session's own request can differ) and with its
 * own request (what a tab selection or a reload loads into the bar).
 */
const connectedFrom = new Map<string, string>();

/** Sessions remembered at most; the oldest go first (a forgotten one still matches its own request). */
const MAX_REMEMBERED = 500;

function requestKey(draft: RequestDraft): string {
  return JSON.stringify(draftToRequest(draft));
}

/** Notes the draft a new session was connected from. */
export function rememberConnectedDraft(sessionId: string, draft: RequestDraft): void {
  connectedFrom.delete(sessionId);
  connectedFrom.set(sessionId, requestKey(draft));
  if (connectedFrom.size > MAX_REMEMBERED) connectedFrom.delete(connectedFrom.keys().next().value!);
}

export function draftMatchesSession(draft: RequestDraft, info: SessionInfo): boolean {
  const key = requestKey(draft);
  return key === connectedFrom.get(info.id) || key === requestKey(requestToDraft(info.request));
}
