import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from './client';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Fetch again (after a write, or when a live event says something changed). */
  reload: () => void;
}

/**
 * GET a path and keep the answer; `null` fetches nothing (a page waiting for a choice). A new
 * path or query cancels the request under way. Errors stay as they are: a page shows 404
 * (nothing there yet, or not the caller's to see) as an empty state, never as made-up data.
 */
export function useApi<T>(path: string | null, query?: Record<string, string | undefined>): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | undefined; loading: boolean }>({ data: undefined, error: undefined, loading: path !== null });
  const [tick, setTick] = useState(0);
  const key = path === null ? null : JSON.stringify([path, query ?? {}]);
  const latest = useRef(key);
  latest.current = key;
  useEffect(() => {
    if (path === null) {
      setState({ data: undefined, error: undefined, loading: false });
      return;
    }
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    api.get<T>(path, query, abort.signal).then(
      (data) => {
        if (!abort.signal.aborted) setState({ data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        const e = error instanceof ApiError ? error : new ApiError(0, 'NETWORK', String(error));
        setState({ data: undefined, error: e, loading: false });
      },
    );
    return () => abort.abort();
    // `key` stands for path and query, which are new objects on every render.
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
