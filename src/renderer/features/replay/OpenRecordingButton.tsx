import { FileButton } from '../../components/FileButton';
import { openRecordingFile } from '../../lib/session-actions';

/** "Open recording…": picks a recording file and opens it as a replay session. */
export function OpenRecordingButton({ className }: { className?: string }) {
  return (
    <FileButton
      className={className}
      fileLabel="Recording file"
      accept=".ssrec,.streamscope,.ndjson,.jsonl,.sse,.har,.txt,.json"
      onFile={(file) => void openRecordingFile(file)}
    >
      Open recording…
    </FileButton>
  );
}
