import { createContext, useContext } from 'react';
import type { Session } from './session';

export interface SessionState {
  session: Session | null;
  signIn: (s: Session) => void;
  signOut: () => void;
}

export const SessionContext = createContext<SessionState>({ session: null, signIn: () => {}, signOut: () => {} });

export const useSession = () => useContext(SessionContext);
