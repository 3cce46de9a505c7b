import './replay.css';
export { DropZone } from './DropZone';
export { ExportHarButton } from './ExportHarButton';
export { OpenRecordingButton } from './OpenRecordingButton';
export { RecordControls } from './RecordControls';
export { ReplayControls } from './ReplayControls';
