import { bodyWithIdentity, headers, toError } from '../lib/api';
import { loadSession } from '../lib/session';
import { readEvents } from '../lib/sse';
import type { SkillRef, Usage } from '../lib/types';

export interface StreamHandlers {
  onSkills(skills: SkillRef[]): void;
  onDelta(text: string): void;
  onUsage(usage: Usage, costUsd: number, model: string | null): void;
  onDone(traceId: string, conversationId: string): void;
  onError(message: string): void;
}

/** POST /chat/stream and hands each event to the handlers; aborting the signal stops the model call. */
export async function streamChat(body: object, handlers: StreamHandlers, signal: AbortSignal): Promise<void> {
  const res = await fetch('/chat/stream', {
    method: 'POST',
    headers: { ...headers(loadSession(), true), Accept: 'text/event-stream' },
    body: bodyWithIdentity(body),
    signal,
  });
  if (!res.ok || !res.body) throw await toError(res);
  for await (const { event, data } of readEvents(res.body)) {
    const json = JSON.parse(data);
    switch (event) {
      case 'skills':
        handlers.onSkills(json.skills ?? []);
        break;
      case 'delta':
        handlers.onDelta(json.text ?? '');
        break;
      case 'usage':
        handlers.onUsage(json.usage, json.cost_usd ?? 0, json.model ?? null);
        break;
      case 'done':
        handlers.onDone(json.trace_id, json.conversation_id);
        break;
      case 'error':
        handlers.onError(json.detail || json.title || 'The model call failed');
        break;
    }
  }
}
