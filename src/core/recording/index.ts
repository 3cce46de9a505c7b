/**
 * Recording and replay (README "Recording format"): write a session to disk as it happens, read
 * it back (streaming, line-numbered errors), replay it through the live pipeline, serve it as a
 * live endpoint, and move it to and from HAR and raw SSE bodies.
 */
export {
  createRecorder,
  createHeader,
  diskPreparer,
  prepareForDisk,
  type Recorder,
  type RecorderOptions,
  type RecordingSubject,
} from './recorder';
export {
  readRecording,
  readRecordingFile,
  openRecordingFile,
  streamOfRecording,
  parseRecordingText,
  RecordingFormatError,
  type ReadOptions,
  type ReadProgress,
  type RecordingStream,
} from './reader';
export {
  createReplayer,
  createStreamingReplay,
  deriveRecords,
  type Replayer,
  type ReplayerOptions,
  type StreamingReplayOptions,
} from './replayer';
export {
  startReplayServer,
  type ReplayServer,
  type ReplayServerOptions,
  type WsReplayHandler,
  type WsReplayHandlerFactory,
} from './replay-server';
export { importHar, exportHar, isHar, type HarImportOptions } from './har';
export { importRawSse, splitAtBlocks, type RawSseImportOptions } from './raw-sse';
export {
  loadAnyRecording,
  loadRecordingFile,
  openRecordingSource,
  openReplayFile,
  openServedSource,
  sniffFormat,
  type ReplayFile,
  type SniffedFormat,
} from './load-any';
export { fileIndex, memoryIndex, type RecordIndex } from './record-index';
export { fileSource, recordingSource, type ReplaySource } from './replay-source';
export { encodeHeader, encodeRecord, encodeEnd, isStored, recordingToText } from './codec';
export { isSecretHeader, redactRequest, redactResponseHeaders } from '#shared/redact';
