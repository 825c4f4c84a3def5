import { lazy, Suspense, useMemo, useState } from 'react';
import { Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { loadSession, saveSession, type Session } from './lib/session';
import { SessionContext } from './lib/session-context';
import { SignIn } from './features/sign-in';
import { Loading } from './components/status';

// Every screen but sign-in is its own chunk, so the first screen loads without editor or diff code.
const Chat = lazy(() => import('./features/chat'));
const Skills = lazy(() => import('./features/skills'));
const SkillPage = lazy(() => import('./features/skill-page'));
const SkillEditor = lazy(() => import('./features/skill-editor'));
const Evolution = lazy(() => import('./features/evolution'));
const Promotions = lazy(() => import('./features/promotions'));
const History = lazy(() => import('./features/history'));
const UsageScreen = lazy(() => import('./features/usage'));
const Agents = lazy(() => import('./features/agents'));
const RunPage = lazy(() => import('./features/agents').then((m) => ({ default: m.RunPage })));

const NAV = [
  ['/ui/chat', 'Chat'],
  ['/ui/skills', 'Skills'],
  ['/ui/agents', 'Agents'],
  ['/ui/evolution', 'Evolution'],
  ['/ui/promotions', 'Promotions'],
  ['/ui/history', 'History'],
  ['/ui/usage', 'Usage'],
] as const;

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const location = useLocation();
  const value = useMemo(
    () => ({
      session,
      signIn: (s: Session) => {
        saveSession(s);
        setSession(s);
      },
      signOut: () => {
        saveSession(null);
        setSession(null);
      },
    }),
    [session],
  );
  if (!session) {
    return (
      <SessionContext.Provider value={value}>
        <SignIn />
      </SessionContext.Provider>
    );
  }
  return (
    <SessionContext.Provider value={value}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <NavLink to="/ui/chat" className="brand">
          LLMos
        </NavLink>
        <nav aria-label="Main">
          {NAV.map(([to, label]) => (
            <NavLink key={to} to={to}>
              {label}
            </NavLink>
          ))}
        </nav>
        <span className="who">
          {session.userId}
          {session.teamId ? ` · ${session.teamId}` : ''}
          <button type="button" className="link" onClick={value.signOut}>
            Sign out
          </button>
        </span>
      </header>
      <main id="main" key={location.pathname.split('/')[2]}>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/ui/chat" element={<Chat />} />
            <Route path="/ui/chat/:conversation" element={<Chat />} />
            <Route path="/ui/skills" element={<Skills />} />
            <Route path="/ui/skills/new" element={<SkillEditor />} />
            <Route path="/ui/skills/:id" element={<SkillPage />} />
            <Route path="/ui/skills/:id/edit" element={<SkillEditor />} />
            <Route path="/ui/evolution" element={<Evolution />} />
            <Route path="/ui/promotions" element={<Promotions />} />
            <Route path="/ui/promotions/:id" element={<Promotions />} />
            <Route path="/ui/history" element={<History />} />
            <Route path="/ui/usage" element={<UsageScreen />} />
            <Route path="/ui/agents" element={<Agents />} />
            <Route path="/ui/agents/:name" element={<Agents />} />
            <Route path="/ui/runs/:id" element={<RunPage />} />
            <Route path="*" element={<Navigate to="/ui/chat" replace />} />
          </Routes>
        </Suspense>
      </main>
    </SessionContext.Provider>
  );
}
