import './launcher.css';
export { Launcher } from './Launcher';
