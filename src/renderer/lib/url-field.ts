/** The request bar's URL field (RequestBar renders it with this id). */
export const URL_FIELD_ID = 'url-input';

/** Puts the focus in the URL field with its text selected: Ctrl+K, and a new session's first step. */
export function focusUrlField(): void {
  const input = document.getElementById(URL_FIELD_ID) as HTMLInputElement | null;
  input?.focus();
  input?.select();
}
