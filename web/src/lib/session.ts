/** Who the tab is signed in as: remembered for the tab only (sessionStorage). */
export type Session =
  | { mode: 'local'; userId: string; teamId?: string }
  | { mode: 'token'; token: string; userId: string; teamId?: string };

const KEY = 'llmos.session';

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}
