import { get } from '../lib/api';
import type { UsageReport } from '../lib/types';
import { Empty, ErrorBox, Loading, useLoad } from '../components/status';

const n = (x: number | undefined) => (x ?? 0).toLocaleString('en');

/** Billed tokens and cost by day and model, with a bar per day; offline estimates apart (nothing was sent or billed). */
export default function UsageScreen() {
  const { data, error } = useLoad(() => get<UsageReport>('/usage'), []);
  if (error) return <ErrorBox error={error} />;
  if (!data) return <Loading />;
  if (data.days.length === 0) return <Empty>No usage yet: chat first, then come back.</Empty>;
  const perDay = new Map<string, number>();
  for (const r of data.days) perDay.set(r.day, (perDay.get(r.day) ?? 0) + r.input_tokens + r.output_tokens);
  const max = Math.max(1, ...perDay.values());
  const estimated = data.estimated_input_tokens ?? 0;
  const offline = data.days.filter((r) => (r.estimated_input_tokens ?? 0) > 0).reduce((sum, r) => sum + r.requests, 0);
  return (
    <section aria-label="Usage">
      <h1>Usage</h1>
      <p>
        {n(data.requests)} requests · billed: {n(data.input_tokens)} in / {n(data.output_tokens)} out tokens · ${data.cost_usd.toFixed(4)}
      </p>
      {estimated > 0 && (
        <p className="muted" aria-label="Estimated, not billed">
          Offline: {n(offline)} {offline === 1 ? 'request' : 'requests'} no model answered would have sent about {n(estimated)} input
          tokens (an estimate; nothing was sent or billed).
        </p>
      )}
      <div className="chart" role="img" aria-label="Billed tokens per day">
        {[...perDay.entries()].map(([day, tokens]) => (
          <div key={day} className="bar-row">
            <span>{day}</span>
            <span className="bar" style={{ width: `${(100 * tokens) / max}%` }} />
            <span>{n(tokens)}</span>
          </div>
        ))}
      </div>
      <table>
        <thead>
          <tr><th>Day</th><th>Model</th><th>Requests</th><th>In</th><th>Out</th><th>Estimated (not sent)</th><th>Cost (USD)</th></tr>
        </thead>
        <tbody>
          {data.days.map((r, i) => (
            <tr key={i}>
              <td>{r.day}</td><td>{r.model ?? '—'}</td><td>{n(r.requests)}</td><td>{n(r.input_tokens)}</td><td>{n(r.output_tokens)}</td>
              <td>{r.estimated_input_tokens ? `~${n(r.estimated_input_tokens)}` : '—'}</td><td>{r.cost_usd.toFixed(4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
