import { render } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { saveSession } from '../lib/session';
import { SessionContext } from '../lib/session-context';

export const alice = { mode: 'local' as const, userId: 'alice', teamId: 'eng' };

/** Renders a screen at {@code path}, matched by {@code route}, for alice signed in (local mode). */
export function signedIn(ui: React.ReactNode, path: string, route: string) {
  saveSession(alice);
  return render(
    <SessionContext.Provider value={{ session: alice, signIn: () => {}, signOut: () => {} }}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path={route} element={ui} />
        </Routes>
      </MemoryRouter>
    </SessionContext.Provider>,
  );
}
