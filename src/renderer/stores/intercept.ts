import { create } from 'zustand';
import type { ProxyInfo } from '#shared/api';
import { getApi } from '../bridge';

interface InterceptState {
  /** The form is shown (the launcher's Intercept button, or a proxy is running). */
  open: boolean;
  proxies: ProxyInfo[];
  busy: boolean;
  error: string | null;
  /** What the last stop said. */
  notice: string | null;
  setOpen(open: boolean): void;
  load(): Promise<void>;
  start(upstream: string): Promise<void>;
  stop(id: string): Promise<void>;
}

/** Intercept's own state: the running proxies (the back end is the authority; loaded on show). */
export const useIntercept = create<InterceptState>((set, get) => ({
  open: false,
  proxies: [],
  busy: false,
  error: null,
  notice: null,
  setOpen: (open) => set({ open, error: null }),
  async load() {
    const res = await getApi().proxy.list();
    if (res.ok) set({ proxies: res.value, open: get().open || res.value.length > 0 });
  },
  async start(upstream) {
    set({ busy: true, error: null, notice: null });
    const res = await getApi().proxy.start({ upstream });
    if (res.ok) set({ busy: false, proxies: [...get().proxies, res.value] });
    else set({ busy: false, error: res.error.message });
  },
  async stop(id) {
    const res = await getApi().proxy.stop(id);
    const proxies = get().proxies.filter((p) => p.id !== id);
    if (!res.ok) {
      set({ proxies, error: res.error.message });
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
  },
}));
