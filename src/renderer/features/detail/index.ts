import './detail.css';
export { DetailPane } from './DetailPane';
