import { useEffect, useRef } from 'react';

/** How long the new view may take to show its list (a lazily loaded panel behind Suspense). */
const LANDING_WAIT_MS = 1_000;

function landingTarget(waitedLongEnough: boolean): HTMLElement | null {
  const list = document.querySelector<HTMLElement>('main [role="grid"]');
  if (list || !waitedLongEnough) return list;
  return document.querySelector<HTMLElement>('[role="tablist"][aria-label="Session tabs"] [aria-selected="true"]');
}

/**
 * When the workspace switches view (the launcher gives way to a session, a session to the
 * compare view...) the control that had the focus is often removed with the old view, and the
 * browser drops the focus on <body>: a keyboard user would start over from the top of the page.
 * So, only when the focus was lost that way (nothing else has it), it lands on the new view's
 * event list, or else on the selected session tab, the places the shortcut sheet points to.
 * Not on the first render: a page that just loaded leaves the focus to the user.
 */
export function useFocusLanding(viewKey: string): void {
  // The key of the view already on screen (a ref, so StrictMode's second effect run is a no-op too).
  const shown = useRef(viewKey);
  useEffect(() => {
    if (shown.current === viewKey) return;
    shown.current = viewKey;
    // A timer, not animation frames: a page in the background gets no frames, and its user may
    // come back to it expecting the focus where it should be.
    const started = performance.now();
    const land = (): void => {
      const active = document.activeElement;
      // The user (or the view itself) already put the focus somewhere: leave it there.
      if (active && active !== document.body) return;
      const waited = performance.now() - started > LANDING_WAIT_MS;
      const target = landingTarget(waited);
      if (target) target.focus();
      else if (!waited) setTimeout(land, 16);
    };
    // Not cancelled on cleanup: StrictMode's second effect run would skip it (the key is already
    // recorded), and a run that outlives its view only acts on a focus that is still lost.
    setTimeout(land, 0);
  }, [viewKey]);
}
