// Syntax highlighting for code blocks in answers and skills: highlight.js grammars through lowlight,
// which returns a tree (rendered as React elements, never as HTML strings). Its own chunk, loaded
// the first time a code block is shown. The languages people ask LLMos about most; others stay plain.
import { createLowlight } from 'lowlight';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import markdown from 'highlight.js/lib/languages/markdown';
import php from 'highlight.js/lib/languages/php';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const lowlight = createLowlight({
  bash, c, cpp, csharp, css, diff, dockerfile, go, ini, java, javascript, json, kotlin, markdown, php, python, ruby,
  rust, shell, sql, swift, typescript, xml, yaml,
});
lowlight.registerAlias({ bash: ['sh', 'zsh'], ini: ['toml'], xml: ['html'], javascript: ['js', 'jsx'], typescript: ['ts', 'tsx'] });

/** The highlighted tree of `code` in `language`, or null when that language is not known here. */
export function highlight(code: string, language: string | undefined): ReturnType<typeof lowlight.highlight> | null {
  if (!language || !lowlight.registered(language)) return null;
  return lowlight.highlight(language, code);
}
