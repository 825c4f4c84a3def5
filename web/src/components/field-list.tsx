/** A key that may wrap after its dots, dashes and underscores (metadata.source-url), never inside a word. */
function breakable(key: string) {
  const parts = key.split(/(?<=[._-])/);
  return parts.map((p, i) => (
    <span key={i}>
      {p}
      {i < parts.length - 1 && <wbr />}
    </span>
  ));
}

/** Name/value rows as a definition list (the front matter of a skill or an agent); empty values are left out. */
export function FieldList({ rows, label }: { rows: [string, string][]; label?: string }) {
  return (
    <dl className="front-matter" aria-label={label}>
      {rows
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <div key={k}>
            <dt>{breakable(k)}</dt>
            <dd>{v}</dd>
          </div>
        ))}
    </dl>
  );
}
