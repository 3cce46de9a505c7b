import './request.css';
export { RequestBar } from './RequestBar';
