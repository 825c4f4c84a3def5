import type { FileDiff } from '../lib/types';

function lineClass(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---')) return 'diff-file';
  if (line.startsWith('@@')) return 'diff-hunk';
  if (line.startsWith('+')) return 'diff-add';
  if (line.startsWith('-')) return 'diff-del';
  return '';
}

/** A unified diff, one coloured line per line. */
export function Patch({ patch }: { patch: string }) {
  if (!patch.trim()) return <p className="muted">No changes.</p>;
  return (
    <pre className="diff" aria-label="diff">
      {patch.split('\n').map((line, i) => (
        <div key={i} className={lineClass(line)}>
          {line || ' '}
        </div>
      ))}
    </pre>
  );
}

export function FileDiffs({ files }: { files: FileDiff[] }) {
  if (files.length === 0) return <p className="muted">No file changes.</p>;
  return (
    <>
      {files.map((f, i) => (
        <section key={i} className="diff-block">
          <h4>
            {f.change.toLowerCase()} {f.new_path ?? f.old_path}
          </h4>
          <Patch patch={f.patch} />
        </section>
      ))}
    </>
  );
}
