import { loadSession, type Session } from './session';
import { readEvents, type SseEvent } from './sse';

/** An API error: the problem+json `detail` (or the status text), with the validation `errors` if any. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problem: Problem | null,
  ) {
    super(message);
  }
}

export interface SkillProblem {
  file?: string;
  field?: string;
  line?: number;
  severity?: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  field?: string;
  errors?: SkillProblem[];
  reasons?: string[];
}

/** Query parameters saying who calls, in local mode; token mode's identity is the token. */
function identityParams(session: Session | null): Record<string, string> {
  if (!session || session.mode !== 'local') return {};
  const out: Record<string, string> = { user_id: session.userId };
  if (session.teamId) out.team_id = session.teamId;
  return out;
}

export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

export function headers(session: Session | null, json: boolean): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json' };
  if (json) h['Content-Type'] = 'application/json';
  if (session?.mode === 'token') h.Authorization = `Bearer ${session.token}`;
  return h;
}

export async function toError(res: Response): Promise<ApiError> {
  let problem: Problem | null = null;
  try {
    problem = (await res.json()) as Problem;
  } catch {
    problem = null;
  }
  const message = problem?.detail || problem?.title || `${res.status} ${res.statusText}`;
  return new ApiError(res.status, message, problem);
}

export interface Call {
  session?: Session | null;
  signal?: AbortSignal;
}

/** GET with the caller's identity added. */
export async function get<T>(path: string, params: Record<string, string | number | undefined> = {}, call: Call = {}): Promise<T> {
  const session = call.session === undefined ? loadSession() : call.session;
  const res = await fetch(withQuery(path, { ...identityParams(session), ...params }), {
    headers: headers(session, false),
    signal: call.signal,
  });
  if (!res.ok) throw await toError(res);
  return (await res.json()) as T;
}

/** POST/PUT/DELETE a JSON body with the caller's identity added to it. */
export async function send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body: object = {}, extra: Record<string, string> = {}): Promise<T> {
  const session = loadSession();
  const res = await fetch(method === 'DELETE' ? withQuery(path, identityParams(session)) : path, {
    method,
    headers: { ...headers(session, true), ...extra },
    body: method === 'DELETE' ? undefined : JSON.stringify({ ...identityParams(session), ...body }),
  });
  if (!res.ok) throw await toError(res);
  return (await res.json()) as T;
}

export const post = <T,>(path: string, body: object = {}) => send<T>('POST', path, body);

/** The body for requests that say who calls (chat streaming builds its own fetch). */
export function bodyWithIdentity(body: object): string {
  return JSON.stringify({ ...identityParams(loadSession()), ...body });
}

/** POST for routes that read the caller from the query (e.g. `POST /runs/{id}/cancel`), with no body. */
export async function postQuery<T>(path: string): Promise<T> {
  const session = loadSession();
  const res = await fetch(withQuery(path, identityParams(session)), { method: 'POST', headers: headers(session, false) });
  if (!res.ok) throw await toError(res);
  return (await res.json()) as T;
}

/** POSTs `body` (with the session's identity) for a stream of server-sent events; throws the problem as an ApiError unless the stream opens. */
export async function postForEvents(path: string, body: object, signal: AbortSignal): Promise<AsyncGenerator<SseEvent>> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { ...headers(loadSession(), true), Accept: 'text/event-stream' },
    body: bodyWithIdentity(body),
    signal,
  });
  if (!res.ok || !res.body) throw await toError(res);
  return readEvents(res.body);
}
