import { useCallback, useEffect, useRef } from 'react';

/** Events of GET /api/live (server-sent): a result changed, or a leaderboard did. */
export interface LiveEvents {
  result: { payee: string; plan: string; period: string; currency: string; earned: string; payout: string; attainment: string | null };
  leaderboard: { period: string; plan: string };
}

/**
 * Calls `on` for each live event while the component is mounted. Pages refetch what they show
 * rather than patching it from the event, so the server stays the one source of figures.
 * Without the endpoint (an older server) the EventSource just fails and nothing happens.
 */
export function useLive(on: <K extends keyof LiveEvents>(type: K, event: LiveEvents[K]) => void): void {
  const handler = useRef(on);
  handler.current = on;
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/live');
    const listen = (type: keyof LiveEvents) => (e: MessageEvent<string>) => {
      try {
        handler.current(type, JSON.parse(e.data) as never);
      } catch {
        // A malformed event is skipped; the next one brings fresh figures anyway.
      }
    };
    const onResult = listen('result');
    const onBoard = listen('leaderboard');
    source.addEventListener('result', onResult);
    source.addEventListener('leaderboard', onBoard);
    return () => source.close();
  }, []);
}

/**
 * `action`, at most once per `ms` however often the returned function is called: events that
 * come together (deals landing many a second) cause one refetch, `ms` after the first of them.
 */
export function useGathered(action: () => void, ms: number): () => void {
  const latest = useRef(action);
  latest.current = action;
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(pending.current), []);
  return useCallback(() => {
    if (pending.current !== undefined) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      latest.current();
    }, ms);
  }, [ms]);
}
