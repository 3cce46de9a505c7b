export { DropZone } from './DropZone';
export { OpenRecordingButton } from './OpenRecordingButton';
export { RecordControls } from './RecordControls';
export { ReplayControls } from './ReplayControls';
