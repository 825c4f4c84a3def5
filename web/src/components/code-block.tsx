import { useEffect, useState, type ReactNode } from 'react';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import { toJsxRuntime } from 'hast-util-to-jsx-runtime';
import { CopyButton } from './copy-button';

type Highlighter = typeof import('../lib/highlight');
let loading: Promise<Highlighter> | null = null;
/** The highlighter's chunk, fetched once, the first time a code block is shown. */
function highlighter(): Promise<Highlighter> {
  loading ??= import('../lib/highlight');
  return loading;
}

/** A fenced code block: its language, a Copy button, and highlighting once the highlighter has loaded. */
export function CodeBlock({ code, language }: { code: string; language?: string }) {
  const [highlighted, setHighlighted] = useState<ReactNode>(null);
  useEffect(() => {
    let live = true;
    setHighlighted(null);
    if (!language) return;
    highlighter()
      .then((h) => {
        const tree = h.highlight(code, language);
        if (live && tree) setHighlighted(toJsxRuntime(tree, { Fragment, jsx, jsxs }));
      })
      .catch(() => undefined); // the plain code is already there
    return () => {
      live = false;
    };
  }, [code, language]);
  return (
    <div className="code-block">
      <div className="code-head">
        <span className="muted">{language ?? 'text'}</span>
        <CopyButton text={code} what="code" />
      </div>
      <pre>
        <code className={language ? `hljs language-${language}` : undefined}>{highlighted ?? code}</code>
      </pre>
    </div>
  );
}
