import { connectDraft, disconnect } from './session-actions';
import { isLive } from './format';
import { useSessions } from '../stores/sessions';
import { useView } from '../stores/view';

/** What the Connect/Disconnect button and Ctrl+Enter do: disconnect the active live session, else connect. */
export async function toggleConnection(): Promise<void> {
  const { activeId, sessions } = useSessions.getState();
  const info = activeId ? sessions[activeId] : undefined;
  if (info && !useView.getState().showCompare && info.source === 'live' && isLive(info.transport, info.readyState)) {
    await disconnect(info.id);
  } else {
    await connectDraft();
  }
}
