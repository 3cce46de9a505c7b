import type { KeyboardEvent } from 'react';

/**
 * For a popover that lives inside the request bar's <form>: Enter in one of its one-line fields
 * would be the form's implicit submission, i.e. Connect / Disconnect, cutting the live stream
 * while the user meant to save a name or a variable. Put on the popover's root, after the field's
 * own Enter handler (which does the popover's action) has run, it only cancels the submission.
 */
export function noImplicitSubmit(e: KeyboardEvent<HTMLElement>): void {
  if (e.key === 'Enter' && e.target instanceof HTMLInputElement) e.preventDefault();
}
