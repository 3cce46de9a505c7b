import { useRef, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** The file input's accessible name, e.g. "Recording file". */
  fileLabel: string;
  /** File types offered in the picker, as the input's `accept`. */
  accept: string;
  className?: string;
  onFile(file: File): void;
}

/**
 * A button that opens the file picker: a hidden file input behind it, since the browser host cannot
 * show native dialogs. The input is emptied after each pick so picking the same file again works.
 */
export function FileButton({ children, fileLabel, accept, className, onFile }: Props) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={className} onClick={() => input.current?.click()}>
        {children}
      </button>
      <input
        ref={input}
        type="file"
        aria-label={fileLabel}
        accept={accept}
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
    </>
  );
}
