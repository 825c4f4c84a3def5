import { get } from '../lib/api';
import type { UsageReport } from '../lib/types';
import { Empty, ErrorBox, Loading, useLoad } from '../components/status';

/** Tokens and cost by day and model, with a bar per day. */
export default function UsageScreen() {
  const { data, error } = useLoad(() => get<UsageReport>('/usage'), []);
  if (error) return <ErrorBox error={error} />;
  if (!data) return <Loading />;
  if (data.days.length === 0) return <Empty>No usage yet: chat first, then come back.</Empty>;
  const perDay = new Map<string, number>();
  for (const r of data.days) perDay.set(r.day, (perDay.get(r.day) ?? 0) + r.input_tokens + r.output_tokens);
  const max = Math.max(1, ...perDay.values());
  return (
    <section aria-label="Usage">
      <h1>Usage</h1>
      <p>
        {data.requests} requests · {data.input_tokens} in / {data.output_tokens} out tokens · ${data.cost_usd.toFixed(4)}
      </p>
      <div className="chart" role="img" aria-label="Tokens per day">
        {[...perDay.entries()].map(([day, tokens]) => (
          <div key={day} className="bar-row">
            <span>{day}</span>
            <span className="bar" style={{ width: `${(100 * tokens) / max}%` }} />
            <span>{tokens}</span>
          </div>
        ))}
      </div>
      <table>
        <thead>
          <tr><th>Day</th><th>Model</th><th>Requests</th><th>In</th><th>Out</th><th>Cost (USD)</th></tr>
        </thead>
        <tbody>
          {data.days.map((r, i) => (
            <tr key={i}>
              <td>{r.day}</td><td>{r.model ?? '—'}</td><td>{r.requests}</td><td>{r.input_tokens}</td><td>{r.output_tokens}</td><td>{r.cost_usd.toFixed(4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
