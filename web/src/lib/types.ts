export interface Me {
  user_id: string | null;
  admin: boolean;
  scope: string;
  team_id: string | null;
  team_role: string | null;
  teams: { team_id: string; role: string }[];
  mode: 'local' | 'token';
}

export interface SkillRef {
  id: string;
  name: string;
  volume: string;
  commit?: string;
  reason?: string;
}

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
  /** Offline: what would have been sent; never billed (the billed counts are then 0). */
  estimated_input_tokens?: number;
}

export interface Trace {
  id: string;
  time: string;
  conversation_id: string;
  request: string;
  response: string;
  skills: SkillRef[];
  model: string | null;
  usage: Usage;
  cost_usd: number;
  outcome: string;
  provider?: string;
  /** The earlier turn this one answers again or asks anew. */
  replaces?: string;
  run_id?: string;
  agent?: string;
}

export interface Feedback {
  rating: 'up' | 'down';
  comment?: string | null;
}

export interface TraceView {
  trace: Trace;
  feedback: Feedback | null;
}

export interface SkillSummary {
  id: string;
  name: string;
  category: string | null;
  description: string;
  volume: string;
  keywords: string[];
  format: string;
  always_on: boolean;
  status: string;
}

export interface SkillDetail extends Omit<SkillSummary, 'status'> {
  content: string;
  path: string;
  commit: string;
  files: string[];
  license: string | null;
  compatibility: string | null;
  metadata: Record<string, string> | null;
  allowed_tools: string[] | null;
  globs: string[] | null;
  overrides: string[];
  etag: string;
  /** active, draft (awaiting review) or unfilled (a template's placeholders): only active ones are offered to a model. */
  status?: string;
}

export interface Commit {
  id: string;
  short_id: string;
  message: string;
  author: string;
  author_email?: string;
  time: string;
}

export interface FileDiff {
  change: string;
  old_path: string | null;
  new_path: string | null;
  patch: string;
}

export interface Template {
  id: string;
  name: string;
  description: string;
  text: string;
}

export interface Draft {
  id: string;
  kind: string;
  name: string;
  description: string;
  status: string;
  update_of: string | null;
  count: number;
  success_rate: number;
  diff: string;
}

export interface PromotionEvent {
  kind: string;
  author: string;
  text: string | null;
  time: string;
}

export interface Promotion {
  id: string;
  /** What is promoted; absent in records written before agents could be promoted. */
  kind?: 'skill' | 'agent';
  /** Set for a skill promotion. */
  skill_id?: string;
  /** Set for an agent promotion. */
  agent?: string;
  source: string;
  target: string;
  reason: string;
  author: string;
  opened: string;
  status: string;
  events: PromotionEvent[];
  merge_commit: string | null;
}

export interface PromotionDiff {
  id: string;
  status: string;
  changes: FileDiff[];
  target_changed: boolean;
  theirs: FileDiff[];
  ours: FileDiff[];
  conflicts: string[];
}

export interface Volume {
  volume: string;
  head: string | null;
  skills: number;
  traces: number;
  commits: number;
  size_bytes: number;
  /** Absent from servers older than sync; `state: off` without LLMOS_GIT_REMOTE. */
  sync?: SyncState;
}

export interface SyncState {
  state: 'off' | 'pending' | 'ok' | 'error' | string;
  remote?: string | null;
  ahead?: number | null;
  behind?: number | null;
  last_push?: string | null;
  last_pull?: string | null;
  last_attempt?: string | null;
  last_error?: string | null;
  conflicts: number;
}

export interface UsageRow {
  day: string;
  model: string | null;
  provider: string | null;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  estimated_input_tokens?: number;
  cost_usd: number;
}

export interface UsageReport {
  days: UsageRow[];
  requests: number;
  input_tokens: number;
  output_tokens: number;
  estimated_input_tokens?: number;
  cost_usd: number;
}

export interface ConversationSummary {
  conversation_id: string;
  kind: 'chat' | 'agent' | 'api';
  title: string;
  renamed: boolean;
  started: string;
  updated: string;
  turns: number;
  model: string | null;
  run_id: string | null;
  agent: string | null;
  match: string | null;
}

export interface ConversationDetail {
  conversation: ConversationSummary;
  turns: { turn: TraceView; earlier: TraceView[] }[];
}

export interface ModelChoices {
  provider: string;
  configured: boolean;
  default_model: string | null;
  models: { id: string; display_name: string }[];
  listed: boolean;
  error: string | null;
}

export interface AgentSummary {
  name: string;
  description: string;
  model: string | null;
  skills: string[];
  tools: string[];
  max_steps: number;
  volume: string;
  path: string;
}

export interface AgentList {
  total: number;
  agents: AgentSummary[];
  /** The configured provider and whether it can call tools (runs are refused with 409 when not). */
  provider?: string;
  tools_supported?: boolean;
}

export interface AgentDetail extends AgentSummary {
  prompt: string;
  commit: string;
}

export interface RunNode {
  trace_id: string;
  parent_trace_id: string | null;
  agent: string;
  time: string;
  task: string;
  response: string;
  outcome: string;
  error: string | null;
  skills: SkillRef[];
  model: string | null;
  usage: Usage | null;
  cost_usd: number;
  latency_ms: number;
  children: RunNode[];
}

export interface RunTotals {
  agents: number;
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cost_usd: number;
  outcomes: Record<string, number>;
}

export interface RunTree {
  run_id: string;
  agent: string;
  status: string;
  root: RunNode | null;
  detached: RunNode[];
  totals: RunTotals;
}
