import { useRef, useState } from 'react';
import { get } from '../lib/api';
import type { SkillSummary } from '../lib/types';

/** The `$word` being typed just before the caret, if any: where its `$` is and what follows it. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|\s)\$([a-z0-9-]*)$/i.exec(text.slice(0, caret));
  return m ? { start: caret - m[2].length - 1, query: m[2].toLowerCase() } : null;
}

/** Skills whose id or name contains the query, ids starting with it first; never drafts or unfilled templates (not offered to a model). */
export function filterSkills(skills: SkillSummary[], query: string, limit = 8): SkillSummary[] {
  const q = query.toLowerCase();
  const hits = skills.filter((s) => (s.status ?? 'active') === 'active' && (s.id.includes(q) || s.name.toLowerCase().includes(q)));
  hits.sort((a, b) => Number(!a.id.startsWith(q)) - Number(!b.id.startsWith(q)) || a.id.localeCompare(b.id));
  return hits.slice(0, limit);
}

interface Props {
  value: string;
  onChange: (value: string) => void;
  /** Keys the list did not take (Enter to send, Esc to stop). */
  onKeyDown: (e: React.KeyboardEvent<HTMLTextAreaElement>) => void;
  label: string;
  placeholder?: string;
}

/**
 * A textarea where `$` opens the caller's visible skills (`GET /skills`, loaded once), filtered as
 * you type; ↑/↓ choose, Enter or Tab insert `$skill-id `, Esc closes. The server treats `$id` in a
 * message as an explicit pick.
 */
export function MentionTextarea({ value, onChange, onKeyDown, label, placeholder }: Props) {
  const box = useRef<HTMLTextAreaElement>(null);
  const [skills, setSkills] = useState<SkillSummary[] | null>(null);
  const loading = useRef(false);
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const options = mention && skills ? filterSkills(skills, mention.query) : [];
  const open = mention !== null && options.length > 0;

  function track(text: string, caret: number) {
    const m = mentionAt(text, caret);
    setMention(m);
    setActive(0);
    if (m && !skills && !loading.current) {
      loading.current = true;
      get<{ skills: SkillSummary[] }>('/skills')
        .then((d) => setSkills(d.skills))
        .catch(() => setSkills([]));
    }
  }

  function insert(skill: SkillSummary) {
    if (!mention) return;
    const end = mention.start + 1 + mention.query.length;
    const rest = value.slice(end);
    const text = `${value.slice(0, mention.start)}$${skill.id}${rest.startsWith(' ') ? '' : ' '}${rest}`;
    const caret = mention.start + skill.id.length + 2;
    onChange(text);
    setMention(null);
    requestAnimationFrame(() => {
      box.current?.focus();
      box.current?.setSelectionRange(caret, caret);
    });
  }

  function keyDown(e: React.KeyboardEvent<HTMLTextAreaElement>) {
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((i) => (i + step + options.length) % options.length);
        return;
      }
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
        e.preventDefault();
        insert(options[Math.min(active, options.length - 1)]);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setMention(null);
        return;
      }
    }
    onKeyDown(e);
  }

  return (
    <div className="mention">
      <textarea
        ref={box}
        aria-label={label}
        placeholder={placeholder}
        value={value}
        rows={3}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls="mention-list"
        aria-activedescendant={open ? `mention-${options[active]?.id}` : undefined}
        onChange={(e) => {
          onChange(e.target.value);
          track(e.target.value, e.target.selectionStart ?? e.target.value.length);
        }}
        onKeyDown={keyDown}
        onBlur={() => setMention(null)}
      />
      {open && (
        <ul id="mention-list" role="listbox" aria-label="Skills to mention" className="mention-list">
          {options.map((s, i) => (
            <li
              key={s.volume + s.id}
              id={`mention-${s.id}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault(); // keep the focus in the textarea
                insert(s);
              }}
            >
              <code>${s.id}</code> <span className="muted">{s.name} · {s.volume}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
