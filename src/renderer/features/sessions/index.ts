import { lazy } from 'react';
import './sessions.css';
export { SessionTabs } from './SessionTabs';

// The session view (list, detail, charts, timeline…) is most of the page's code; the launcher,
// which a cold start paints first, needs none of it (bench row 13). Its chunk loads on first use.
export const SessionView = lazy(() => import('./SessionView').then((m) => ({ default: m.SessionView })));
