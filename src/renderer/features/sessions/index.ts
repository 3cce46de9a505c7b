import './sessions.css';
export { SessionTabs } from './SessionTabs';
export { SessionView } from './SessionView';
