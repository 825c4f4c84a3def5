import { useEffect, useState } from 'react';
import { ApiError, get } from '../lib/api';
import type { Me } from '../lib/types';
import { useSession } from '../lib/session-context';
import { ErrorBox } from '../components/status';

/** Local mode: a user id (and team). Token mode: a token. `GET /me` says which mode the server is in. */
export function SignIn() {
  const { signIn } = useSession();
  const [mode, setMode] = useState<'local' | 'token' | null>(null);
  const [userId, setUserId] = useState('');
  const [teamId, setTeamId] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    get<Me>('/me', {}, { session: null })
      .then((me) => setMode(me.mode))
      .catch((e) => (e instanceof ApiError && e.status === 401 ? setMode('token') : setError(e)));
  }, []);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      if (mode === 'token') {
        const me = await get<Me>('/me', {}, { session: { mode: 'token', token: token.trim(), userId: '' } });
        signIn({ mode: 'token', token: token.trim(), userId: me.user_id ?? '', teamId: me.team_id ?? undefined });
      } else {
        const team = teamId.trim() || undefined;
        const me = await get<Me>('/me', {}, { session: { mode: 'local', userId: userId.trim(), teamId: team } });
        signIn({ mode: 'local', userId: me.user_id ?? userId.trim(), teamId: team });
      }
    } catch (err) {
      setError(err);
    }
  }

  return (
    <main className="sign-in">
      <h1>LLMos</h1>
      {mode === null && !error && <p className="muted">Asking the server how to sign in…</p>}
      <ErrorBox error={error} />
      {mode && (
        <form onSubmit={submit} aria-label="Sign in">
          {mode === 'local' ? (
            <>
              <p className="muted">Local mode: say who you are. This tab remembers it until you close it.</p>
              <label>
                User id
                <input autoFocus required value={userId} onChange={(e) => setUserId(e.target.value)} pattern="[a-z0-9][a-z0-9_\-]{0,62}[a-z0-9]?" />
              </label>
              <label>
                Team (optional)
                <input value={teamId} onChange={(e) => setTeamId(e.target.value)} />
              </label>
            </>
          ) : (
            <>
              <p className="muted">Token mode: paste a token (<code>llmos token create --user you</code>). This tab remembers it until you close it.</p>
              <label>
                Token
                <input autoFocus required type="password" value={token} onChange={(e) => setToken(e.target.value)} />
              </label>
            </>
          )}
          <button type="submit">Sign in</button>
        </form>
      )}
    </main>
  );
}
