import { useRef } from 'react';
import { openRecordingFile } from '../../lib/session-actions';

/** "Open recording…": a file input (the browser host cannot show native dialogs). */
export function OpenRecordingButton({ className }: { className?: string }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={className} onClick={() => input.current?.click()}>
        Open recording…
      </button>
      <input
        ref={input}
        type="file"
        aria-label="Recording file"
        accept=".ssrec,.streamscope,.ndjson,.jsonl,.sse,.har,.txt,.json"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void openRecordingFile(file);
          e.target.value = '';
        }}
      />
    </>
  );
}
