import { describe, expect, it } from 'vitest';
import { readEvents } from '../lib/sse';
import { sse } from './test-utils';

describe('readEvents', () => {
  it('splits events across chunk boundaries and CRLF', async () => {
    const res = sse(['event:delta\r\ndata:{"text":"He', 'llo"}\r\n\r\nevent: done\ndata: {"trace_id":"t1"}\n\n']);
    const out = [];
    for await (const e of readEvents(res.body!)) out.push(e);
    expect(out).toEqual([
      { event: 'delta', data: '{"text":"Hello"}' },
      { event: 'done', data: '{"trace_id":"t1"}' },
    ]);
  });
});
