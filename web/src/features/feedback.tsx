import { useState } from 'react';
import { post } from '../lib/api';
import type { Feedback } from '../lib/types';
import { ErrorBox } from '../components/status';

/**
 * Thumbs up or down on one answer: one click rates (the button then shows pressed); a comment is
 * optional after, and saved with the same rating. Clicking the other button changes the rating.
 */
export function FeedbackBar({ traceId, initial }: { traceId: string; initial: Feedback | null }) {
  const [saved, setSaved] = useState<Feedback | null>(initial);
  const [commenting, setCommenting] = useState(false);
  const [comment, setComment] = useState(initial?.comment ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function save(rating: 'up' | 'down', text: string) {
    setError(null);
    setBusy(true);
    try {
      await post(`/traces/${encodeURIComponent(traceId)}/feedback`, { rating, comment: text || undefined });
      setSaved({ rating, comment: text || null });
      setCommenting(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const rate = (rating: 'up' | 'down') => void save(rating, saved?.rating === rating ? (saved.comment ?? '') : '');

  return (
    <div className="feedback">
      <button type="button" className="small" aria-label="Good answer" aria-pressed={saved?.rating === 'up'} disabled={busy} onClick={() => rate('up')}>
        ▲ Good
      </button>
      <button type="button" className="small" aria-label="Bad answer" aria-pressed={saved?.rating === 'down'} disabled={busy} onClick={() => rate('down')}>
        ▼ Bad
      </button>
      {saved && !commenting && (
        <span className="muted" role="status">
          Rated {saved.rating === 'up' ? 'good' : 'bad'}
          {saved.comment ? `: “${saved.comment}”` : ''}{' '}
          <button type="button" className="link" onClick={() => setCommenting(true)}>
            {saved.comment ? 'Edit comment' : 'Add a comment'}
          </button>
        </span>
      )}
      {saved && commenting && (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            void save(saved.rating, comment.trim());
          }}
        >
          <input aria-label="Feedback comment" placeholder="What was good or missing? (optional)" value={comment}
            onChange={(e) => setComment(e.target.value)} autoFocus />
          <button type="submit" disabled={busy}>Save comment</button>
          <button type="button" className="link" onClick={() => setCommenting(false)}>Cancel</button>
        </form>
      )}
      <ErrorBox error={error} />
    </div>
  );
}
