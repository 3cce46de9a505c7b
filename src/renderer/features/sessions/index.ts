export { SessionTabs } from './SessionTabs';
export { SessionView } from './SessionView';
