/** Name/value rows as a definition list (the front matter of a skill or an agent); empty values are left out. */
export function FieldList({ rows, label }: { rows: [string, string][]; label?: string }) {
  return (
    <dl className="front-matter" aria-label={label}>
      {rows
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
    </dl>
  );
}
