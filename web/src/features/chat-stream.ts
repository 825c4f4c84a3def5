import { postForEvents } from '../lib/api';
import type { SkillRef, Usage } from '../lib/types';

export interface StreamHandlers {
  onSkills(skills: SkillRef[]): void;
  onDelta(text: string): void;
  onUsage(usage: Usage, costUsd: number, model: string | null, provider: string | null): void;
  onDone(traceId: string, conversationId: string): void;
  onError(message: string): void;
}

/** POST /chat/stream and hands each event to the handlers; aborting the signal stops the model call. */
export async function streamChat(body: object, handlers: StreamHandlers, signal: AbortSignal): Promise<void> {
  for await (const { event, data } of await postForEvents('/chat/stream', body, signal)) {
    const json = JSON.parse(data);
    switch (event) {
      case 'skills':
        handlers.onSkills(json.skills ?? []);
        break;
      case 'delta':
        handlers.onDelta(json.text ?? '');
        break;
      case 'usage':
        handlers.onUsage(json.usage, json.cost_usd ?? 0, json.model ?? null, json.provider ?? null);
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
