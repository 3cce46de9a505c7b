import { connectDraft, disconnect } from './session-actions';
import { isLive } from './format';
import { draftMatchesSession } from './draft-binding';
import { useRequest } from '../stores/request';
import { useSessions } from '../stores/sessions';
import { useView } from '../stores/view';
import type { SessionInfo } from '#shared/api';

/**
 * The live session the request bar's button would disconnect: the active one, while the bar still
 * shows its request (src/renderer/lib/draft-binding.ts). Null: the button connects the bar's draft.
 */
export function disconnectTarget(
  info: SessionInfo | undefined,
  showCompare: boolean,
  draft = useRequest.getState().draft,
): SessionInfo | null {
  if (!info || showCompare || info.source !== 'live' || !isLive(info.transport, info.readyState)) return null;
  return draftMatchesSession(draft, info) ? info : null;
}

/** What the Connect/Disconnect button, Enter in the URL field and Ctrl+Enter do. */
export async function toggleConnection(): Promise<void> {
  const { activeId, sessions } = useSessions.getState();
  const target = disconnectTarget(activeId ? sessions[activeId] : undefined, useView.getState().showCompare);
  if (target) await disconnect(target.id);
  else await connectDraft();
}
