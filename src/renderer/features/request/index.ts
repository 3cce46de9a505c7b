export { RequestBar } from './RequestBar';
