import { useEffect, useState } from 'react';
import { copyText } from '../lib/clipboard';

/** A Copy button that says "Copied" for a moment (or why it could not). */
export function CopyButton({ text, label = 'Copy', what }: { text: string | (() => string); label?: string; what: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <button
      type="button"
      className="small"
      aria-label={`${label} ${what}`}
      onClick={() => copyText(typeof text === 'function' ? text() : text).then(() => setState('copied'), () => setState('failed'))}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}
