import './events.css';
export { EventList } from './EventList';
export { FilterBar } from './FilterBar';
export { useFilteredRows, type FilteredRows } from './use-filtered-rows';
