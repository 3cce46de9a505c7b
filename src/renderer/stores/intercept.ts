import { create } from 'zustand';
import type { ProxyInfo } from '#shared/api';
import { getApi } from '../bridge';

interface InterceptState {
  /** The form is shown (the launcher's Intercept button, or a proxy is running). */
  open: boolean;
  /** The running proxies as the back end last listed them (or answered a start with). */
  proxies: ProxyInfo[];
  busy: boolean;
  error: string | null;
  /** What the last stop said. */
  notice: string | null;
  setOpen(open: boolean): void;
  /** Asks the back end for its running proxies (they outlive the page: a reload asks again). */
  load(): Promise<void>;
  /** Starts a proxy; true once it runs. */
  start(upstream: string): Promise<boolean>;
  stop(id: string): Promise<void>;
}

/** Which load() is the latest: an earlier answer arriving later must not replace a newer one. */
let asked = 0;

/**
 * Intercept's own state: the running proxies. The back end is the authority (its proxies keep
 * running while the page reloads or closes); this store keeps only what it last answered.
 */
export const useIntercept = create<InterceptState>((set, get) => ({
  open: false,
  proxies: [],
  busy: false,
  error: null,
  notice: null,
  setOpen: (open) => set({ open, error: null }),
  async load() {
    const question = ++asked;
    const res = await getApi().proxy.list();
    if (question !== asked || !res.ok) return;
    set({ proxies: res.value, open: get().open || res.value.length > 0 });
  },
  async start(upstream) {
    set({ busy: true, error: null, notice: null });
    const res = await getApi().proxy.start({ upstream });
    if (!res.ok) {
      set({ busy: false, error: res.error.message });
      return false;
    }
    // The answer is the back end's word for the new proxy: shown at once, the list asked after.
    asked++;
    set({ busy: false, proxies: [...get().proxies.filter((p) => p.id !== res.value.id), res.value] });
    void get().load();
    return true;
  },
  async stop(id) {
    const res = await getApi().proxy.stop(id);
    asked++;
    const proxies = get().proxies.filter((p) => p.id !== id);
    if (!res.ok) {
      set({ proxies, error: res.error.message });
      void get().load();
      return;
    }
    const n = res.value.openRequests;
    set({
      proxies,
      notice:
        n === 0
          ? 'Proxy stopped. No requests were open.'
          : `Proxy stopped. ${n} request${n === 1 ? ' was' : 's were'} still open and ${n === 1 ? 'has' : 'have'} been closed.`,
    });
    void get().load();
  },
}));
