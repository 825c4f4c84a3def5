import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../lib/api';

/** An API error, said plainly: the problem's detail, and each validation problem with its line. */
export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const problems = error instanceof ApiError ? (error.problem?.errors ?? []) : [];
  const reasons = error instanceof ApiError ? (error.problem?.reasons ?? []) : [];
  return (
    <div role="alert" className="error">
      <strong>{message}</strong>
      {problems.length > 0 && (
        <ul>
          {problems.map((p, i) => (
            <li key={i}>
              {p.line ? `line ${p.line}: ` : ''}
              {p.field ? `${p.field}: ` : ''}
              {p.message}
            </li>
          ))}
        </ul>
      )}
      {reasons.length > 0 && (
        <ul>
          {reasons.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function Loading() {
  return <p className="muted" aria-busy="true">Loading…</p>;
}

/** Loads something when its inputs change; `reload` loads again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setLoading(true);
    run()
      .then((d) => live && (setData(d), setError(null)))
      .catch((e) => live && setError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [run, tick]);
  return { data, error, loading, reload: () => setTick((t) => t + 1) };
}
