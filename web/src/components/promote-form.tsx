import { useState } from 'react';
import { useNavigate } from 'react-router';
import { post } from '../lib/api';
import { ErrorBox } from './status';

/**
 * Asks the next layer (a user's team, or system from a team) to take something: opens a promotion
 * request with a reason at `path` and goes to the request's page. Nothing to promote from system.
 */
export function PromoteForm({ path, body, volume, label }: { path: string; body: object; volume: string; label: string }) {
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  if (volume === 'system') return null;
  return (
    <form
      className="inline"
      aria-label={label}
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          const p = await post<{ id: string }>(path, { ...body, from: volume, reason });
          navigate(`/ui/promotions/${p.id}`);
        } catch (err) {
          setError(err);
        }
      }}
    >
      <input aria-label="Reason for promotion" placeholder="Why should the next layer have it?" required value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="submit">Promote {volume.startsWith('users/') ? 'to team' : 'to system'}</button>
      <ErrorBox error={error} />
    </form>
  );
}
