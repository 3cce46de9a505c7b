export { Launcher } from './Launcher';
