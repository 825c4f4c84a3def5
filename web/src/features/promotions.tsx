import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { get, post } from '../lib/api';
import type { Promotion, PromotionDiff } from '../lib/types';
import { FileDiffs } from '../components/diff-view';
import { Empty, ErrorBox, Loading, useLoad } from '../components/status';
import { useSession } from '../lib/session-context';

/** What a promotion moves, as people read it: "skill x" or "agent y" (old records have no kind: skills). */
function promotedThing(p: Pick<Promotion, 'kind' | 'skill_id' | 'agent'>): string {
  return p.kind === 'agent' ? `agent ${p.agent ?? '?'}` : `skill ${p.skill_id ?? '?'}`;
}

function List({ title, items, empty }: { title: string; items: Promotion[]; empty: string }) {
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {items.length === 0 ? (
        <Empty>{empty}</Empty>
      ) : (
        <ul className="plain">
          {items.map((p) => (
            <li key={p.id}>
              <Link to={`/ui/promotions/${p.id}`}>
                {promotedThing(p)}: {p.source} → {p.target}
              </Link>{' '}
              <span className={`badge status-${p.status}`}>{p.status}</span>{' '}
              <span className="muted">by {p.author}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Detail({ id, onChange }: { id: string; onChange: () => void }) {
  const { session } = useSession();
  const { data, error, reload } = useLoad(
    () => Promise.all([get<Promotion>(`/promotions/${id}`), get<PromotionDiff>(`/promotions/${id}/diff`)]),
    [id],
  );
  const [text, setText] = useState('');
  const [actionError, setActionError] = useState<unknown>(null);
  if (error) return <ErrorBox error={error} />;
  if (!data) return <Loading />;
  const [p, diff] = data;
  const live = p.status === 'open' || p.status === 'stale';
  const mine = p.author === session?.userId;
  const act = async (what: string, body: object) => {
    setActionError(null);
    try {
      await post(`/promotions/${id}/${what}`, body);
      setText('');
      reload();
      onChange();
    } catch (e) {
      setActionError(e);
    }
  };
  return (
    <article aria-label={`Promotion ${p.id}`} className="promotion">
      <h2>
        {promotedThing(p)}: {p.source} → {p.target} <span className={`badge status-${p.status}`}>{p.status}</span>
      </h2>
      <p>
        <strong>{p.author}</strong>: {p.reason}
      </p>
      {diff.target_changed ? (
        <>
          <p className="error">The target changed since this request was opened{diff.conflicts.length ? `; conflicting: ${diff.conflicts.join(', ')}` : ''}.</p>
          <h3>Theirs (target since opening)</h3>
          <FileDiffs files={diff.theirs} />
          <h3>Ours (this proposal)</h3>
          <FileDiffs files={diff.ours} />
        </>
      ) : (
        <>
          <h3>Changes</h3>
          <FileDiffs files={diff.changes} />
        </>
      )}
      <h3>Activity</h3>
      <ol className="plain events">
        {p.events.map((e, i) => (
          <li key={i}>
            <strong>{e.author}</strong> {e.kind} <span className="muted">{new Date(e.time).toLocaleString()}</span>
            {e.text && <div>{e.text}</div>}
          </li>
        ))}
      </ol>
      <ErrorBox error={actionError} />
      <label>
        Comment or reason
        <textarea aria-label="Comment or reason" rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <div className="actions">
        <button type="button" disabled={!text.trim()} onClick={() => void act('comments', { text })}>Comment</button>
        {live && !mine && p.status === 'open' && (
          <button type="button" onClick={() => void act('approve', { comment: text || undefined })}>Approve</button>
        )}
        {live && !mine && (
          <button type="button" disabled={!text.trim()} onClick={() => void act('reject', { reason: text })}>Reject</button>
        )}
        {live && mine && <button type="button" onClick={() => void act('withdraw', { reason: text || undefined })}>Withdraw</button>}
        {p.status === 'merged' && p.merge_commit && (
          <button type="button" disabled={!text.trim()} title="Write the reason above first"
            onClick={() => void act('revert', { reason: text })}>Revert</button>
        )}
      </div>
    </article>
  );
}

/** Promotion requests: the inbox (to review), the outbox (yours), decided ones you could review, and one request in full (Revert once merged). */
export default function Promotions() {
  const { id } = useParams();
  const { data, error, loading, reload } = useLoad(
    () => get<{ inbox: Promotion[]; outbox: Promotion[]; decided?: Promotion[] }>('/promotions'), []);
  return (
    <div className="with-side">
      <aside className="side">
        <h1>Promotions</h1>
        <ErrorBox error={error} />
        {loading && !data && <Loading />}
        {data && (
          <>
            <List title="Inbox" items={data.inbox} empty="Nothing to review." />
            <List title="Outbox" items={data.outbox} empty="You have asked for no promotions. Open a skill of yours and use “Promote”." />
            <List title="Decided" items={data.decided ?? []} empty="Nothing decided yet in the volumes you review." />
          </>
        )}
      </aside>
      <section>{id ? <Detail id={id} onChange={reload} /> : <Empty>Pick a request to see its diff and discussion.</Empty>}</section>
    </div>
  );
}
