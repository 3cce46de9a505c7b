export { DetailPane } from './DetailPane';
