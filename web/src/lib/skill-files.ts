import type { SkillDetail } from './types';

/** One file for `POST /skills/import`. */
export interface ImportFile {
  path: string;
  content: string;
  encoding: 'utf-8' | 'base64';
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

const JUNK = /(^|\/)(__MACOSX|\.DS_Store|Thumbs\.db)(\/|$)/;

/**
 * A zip's files as import files (fflate, loaded only when a zip is picked). A `SKILL.md` at the
 * zip's root goes into a folder named after the zip, since the folder name is the skill's id.
 */
export async function unzipForImport(name: string, bytes: Uint8Array): Promise<ImportFile[]> {
  const { unzipSync } = await import('fflate');
  const entries = unzipSync(bytes, { filter: (f) => !f.name.endsWith('/') && !JUNK.test(f.name) });
  const stem = name.replace(/\.zip$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-') || 'skill';
  const rootSkill = 'SKILL.md' in entries;
  return Object.entries(entries).map(([path, data]) => ({
    path: rootSkill ? `${stem}/${path}` : path,
    content: toBase64(data),
    encoding: 'base64' as const,
  }));
}

/** Picked files (a zip is unpacked; a folder pick keeps its relative paths) as import files. */
export async function filesForImport(files: File[]): Promise<ImportFile[]> {
  const out: ImportFile[] = [];
  for (const f of files) {
    const bytes = new Uint8Array(await f.arrayBuffer());
    if (/\.zip$/i.test(f.name)) out.push(...(await unzipForImport(f.name, bytes)));
    else out.push({ path: (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name, content: toBase64(bytes), encoding: 'base64' });
  }
  return out;
}

const q = (s: string) => JSON.stringify(s); // a JSON string is a YAML double-quoted scalar

/** The skill as the file it is stored as: front matter + body, so importing the export gives it back. */
export function skillFile(s: SkillDetail): string {
  const lines: string[] = [];
  if (s.format === 'agent-skill') {
    lines.push(`name: ${s.id}`, `description: ${q(s.description)}`);
    if (s.license) lines.push(`license: ${q(s.license)}`);
    if (s.compatibility) lines.push(`compatibility: ${q(s.compatibility)}`);
    if (s.allowed_tools?.length) lines.push(`allowed-tools: ${q(s.allowed_tools.join(' '))}`);
    const metadata: Record<string, string> = { ...(s.metadata ?? {}) };
    if (s.name !== s.id) metadata.title = s.name;
    if (s.category && s.category !== 'general') metadata.category = s.category;
    if (s.keywords.length) metadata.keywords = s.keywords.join(', ');
    const entries = Object.entries(metadata);
    if (entries.length) lines.push('metadata:', ...entries.map(([k, v]) => `  ${q(k)}: ${q(v)}`));
  } else {
    lines.push(`name: ${q(s.name)}`);
    if (s.category) lines.push(`category: ${q(s.category)}`);
    lines.push(`description: ${q(s.description)}`, `keywords: [${s.keywords.map(q).join(', ')}]`);
  }
  return `---\n${lines.join('\n')}\n---\n${s.content}`;
}

/** A seed skill as `{id}.md`; an Agent Skill as `{id}.zip` holding `{id}/SKILL.md`. */
export async function exportSkill(s: SkillDetail): Promise<{ name: string; blob: Blob }> {
  const text = skillFile(s);
  if (s.format !== 'agent-skill') return { name: `${s.id}.md`, blob: new Blob([text], { type: 'text/markdown' }) };
  const { zipSync, strToU8 } = await import('fflate');
  const zip = zipSync({ [`${s.id}/SKILL.md`]: strToU8(text) });
  return { name: `${s.id}.zip`, blob: new Blob([zip as BlobPart], { type: 'application/zip' }) };
}

export function download(name: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A skill's format as people call it: a skill file (skills/{id}.md) or an Agent Skill (skills/{id}/SKILL.md). */
export const formatLabel = (format: string) =>
  format === 'agent-skill' ? 'Agent Skill (SKILL.md folder)' : format === 'seed' ? 'Skill file (.md)' : format;
