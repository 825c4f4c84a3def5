import { useState } from 'react';
import { post } from '../lib/api';
import type { Feedback } from '../lib/types';
import { ErrorBox } from '../components/status';

/** Thumbs up or down on one answer, with an optional comment. */
export function FeedbackBar({ traceId, initial }: { traceId: string; initial: Feedback | null }) {
  const [saved, setSaved] = useState<Feedback | null>(initial);
  const [rating, setRating] = useState<'up' | 'down' | null>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);

  async function save(r: 'up' | 'down', text: string) {
    setError(null);
    try {
      await post(`/traces/${encodeURIComponent(traceId)}/feedback`, { rating: r, comment: text || undefined });
      setSaved({ rating: r, comment: text });
      setRating(null);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <div className="feedback">
      <button type="button" aria-label="Good answer" aria-pressed={saved?.rating === 'up'} onClick={() => setRating('up')}>
        ▲ Good
      </button>
      <button type="button" aria-label="Bad answer" aria-pressed={saved?.rating === 'down'} onClick={() => setRating('down')}>
        ▼ Bad
      </button>
      {saved && !rating && <span className="muted">Thanks: rated {saved.rating}{saved.comment ? ` (“${saved.comment}”)` : ''}</span>}
      {rating && (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            void save(rating, comment);
          }}
        >
          <input aria-label="Feedback comment" placeholder="Comment (optional)" value={comment} onChange={(e) => setComment(e.target.value)} autoFocus />
          <button type="submit">Send {rating === 'up' ? 'good' : 'bad'} rating</button>
        </form>
      )}
      <ErrorBox error={error} />
    </div>
  );
}
