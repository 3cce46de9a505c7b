/**
 * What the preload script exposes to the renderer: exactly one global, `window.streamscope`,
 * implementing InspectorApi. Absent when the renderer runs in a browser (the browser host).
 */
import type { InspectorApi } from '#shared/api';

declare global {
  interface Window {
    streamscope?: InspectorApi;
  }
}

export {};
