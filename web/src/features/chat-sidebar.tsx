import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { get, send } from '../lib/api';
import type { ConversationSummary } from '../lib/types';
import { groupByDate } from '../lib/dates';
import { ErrorBox } from '../components/status';

const href = (c: ConversationSummary) => (c.kind === 'agent' ? `/ui/runs/${c.conversation_id}` : `/ui/chat/${c.conversation_id}`);

/** One conversation in the list: its title (cut with an ellipsis, whole on hover), Rename and Delete. */
function Item({ c, current, onChanged }: { c: ConversationSummary; current?: string; onChanged: (deleted: boolean, updated?: ConversationSummary) => void }) {
  const [mode, setMode] = useState<'view' | 'menu' | 'rename' | 'delete'>('view');
  const [title, setTitle] = useState(c.title);
  const [error, setError] = useState<unknown>(null);

  async function act(what: () => Promise<unknown>, deleted: boolean) {
    setError(null);
    try {
      const result = await what();
      setMode('view');
      onChanged(deleted, deleted ? undefined : (result as ConversationSummary));
    } catch (e) {
      setError(e);
    }
  }
  const rename = () => act(() => send<ConversationSummary>('PUT', `/conversations/${c.conversation_id}/title`, { title }), false);
  const remove = () => act(() => send('DELETE', `/conversations/${c.conversation_id}`), true);

  return (
    <li className="conversation">
      {mode === 'rename' ? (
        <form className="inline" onSubmit={(e) => { e.preventDefault(); void rename(); }}>
          <input aria-label="New title" value={title} maxLength={200} autoFocus onChange={(e) => setTitle(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setMode('view')} />
          <button type="submit" className="small" disabled={!title.trim()}>Save</button>
          <button type="button" className="link" onClick={() => setMode('view')}>Cancel</button>
        </form>
      ) : (
        <div className="row">
          <Link to={href(c)} className="title" title={c.title} aria-current={c.conversation_id === current ? 'page' : undefined}>
            {c.title || '(no title)'}
          </Link>
          <button type="button" className="more" aria-label={`Actions for ${c.title}`} aria-expanded={mode === 'menu'}
            onClick={() => setMode(mode === 'menu' ? 'view' : 'menu')}>⋯</button>
        </div>
      )}
      {c.match && <div className="match muted">{c.match}</div>}
      {mode === 'menu' && (
        <div className="actions" role="group" aria-label={`Actions for ${c.title}`}>
          <button type="button" className="small" onClick={() => { setTitle(c.title); setMode('rename'); }}>Rename</button>
          <button type="button" className="small" onClick={() => setMode('delete')}>Delete</button>
        </div>
      )}
      {mode === 'delete' && (
        <div className="actions" role="alertdialog" aria-label="Delete conversation">
          <span>Delete “{c.title}”? Its traces stay in your volume's history.</span>
          <button type="button" className="small danger" onClick={() => void remove()}>Delete</button>
          <button type="button" className="link" onClick={() => setMode('view')}>Cancel</button>
        </div>
      )}
      <ErrorBox error={error} />
    </li>
  );
}

function Group({ label, items, current, onChanged }: { label: string; items: ConversationSummary[]; current?: string; onChanged: (c: ConversationSummary, deleted: boolean, updated?: ConversationSummary) => void }) {
  return (
    <section aria-label={label} className="conversation-group">
      <h3>{label}</h3>
      <ul className="plain">
        {items.map((c) => (
          <Item key={c.conversation_id} c={c} current={current} onChanged={(deleted, updated) => onChanged(c, deleted, updated)} />
        ))}
      </ul>
    </section>
  );
}

/**
 * The conversations: a search box, chats grouped by date (Today, Yesterday, …), agent runs and calls
 * through the compatibility endpoints apart; each can be renamed or deleted (`/conversations`).
 */
export function ConversationSidebar({ current, version, onPick, onRenamed }: {
  current?: string;
  version: number;
  onPick?: () => void;
  /** The open conversation was renamed. */
  onRenamed?: (c: ConversationSummary) => void;
}) {
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [searched, setSearched] = useState('');
  const [list, setList] = useState<ConversationSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    // Typing waits a moment before searching; clearing the box shows the whole list at once.
    const t = setTimeout(() => setSearched(query.trim()), query.trim() ? 250 : 0);
    return () => clearTimeout(t);
  }, [query]);

  useEffect(() => {
    let live = true;
    get<{ conversations: ConversationSummary[] }>('/conversations', { q: searched || undefined, limit: 200 })
      .then((d) => live && (setList(d.conversations), setError(null)))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [searched, version, tick]);

  const changed = (c: ConversationSummary, deleted: boolean, updated?: ConversationSummary) => {
    setTick((t) => t + 1);
    if (deleted && c.conversation_id === current) navigate('/ui/chat');
    if (updated && c.conversation_id === current) onRenamed?.(updated);
  };
  const chats = (list ?? []).filter((c) => c.kind === 'chat');
  const runs = (list ?? []).filter((c) => c.kind === 'agent');
  const api = (list ?? []).filter((c) => c.kind === 'api');

  return (
    <aside className="side chat-side" aria-label="Conversations" onClick={(e) => (e.target as HTMLElement).closest('a') && onPick?.()}>
      <Link to="/ui/chat" className="button">New chat</Link>
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <input type="search" aria-label="Search conversations" placeholder="Search conversations" value={query}
          onChange={(e) => setQuery(e.target.value)} />
      </form>
      <ErrorBox error={error} />
      {list && list.length === 0 && (
        <p className="muted">{searched ? `Nothing matches “${searched}”.` : 'No conversations yet: ask something.'}</p>
      )}
      {searched ? (
        chats.length + runs.length + api.length > 0 && (
          <Group label={`Results for “${searched}”`} items={[...chats, ...runs, ...api]} current={current} onChanged={changed} />
        )
      ) : (
        <>
          {groupByDate(chats, (c) => c.updated).map((g) => (
            <Group key={g.label} label={g.label} items={g.items} current={current} onChanged={changed} />
          ))}
          {runs.length > 0 && (
            <details className="apart">
              <summary>Agent runs ({runs.length})</summary>
              <Group label="Agent runs" items={runs} current={current} onChanged={changed} />
            </details>
          )}
          {api.length > 0 && (
            <details className="apart">
              <summary>API calls ({api.length})</summary>
              <Group label="API calls" items={api} current={current} onChanged={changed} />
            </details>
          )}
        </>
      )}
    </aside>
  );
}
