import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, UNAUTHENTICATED_EVENT } from '../api/client';
import type { Me } from '../api/types';

type SessionState = { status: 'loading' } | { status: 'signedOut' } | { status: 'signedIn'; me: Me };

interface Session {
  state: SessionState;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

/** Who is signed in, from GET /api/me; the cookie itself is HttpOnly and never seen here. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const refresh = useCallback(async () => {
    try {
      setState({ status: 'signedIn', me: await api.get<Me>('/api/me') });
    } catch {
      setState({ status: 'signedOut' });
    }
  }, []);
  useEffect(() => {
    void refresh();
    const lost = () => setState({ status: 'signedOut' });
    window.addEventListener(UNAUTHENTICATED_EVENT, lost);
    return () => window.removeEventListener(UNAUTHENTICATED_EVENT, lost);
  }, [refresh]);
  const signIn = useCallback(
    async (email: string, password: string) => {
      await api.post('/api/auth/login', { email, password });
      await refresh();
    },
    [refresh],
  );
  const signOut = useCallback(async () => {
    await api.post('/api/auth/logout').catch(() => undefined);
    setState({ status: 'signedOut' });
  }, []);
  const value = useMemo(() => ({ state, signIn, signOut }), [state, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in caller, inside the app shell (which renders only when someone is signed in). */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useMe while not signed in');
  return state.me;
}
