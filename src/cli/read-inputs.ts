import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Diagnostic, diagnosticAt } from '../model/diagnostic.js';
import type { SourceText } from '../ingest/source-text.js';

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/**
 * Reads `<paths...>`: files as given, folders recursively (YAML and JSON files, hidden folders
 * and node_modules skipped, in a stable order), `-` for standard input.
 */
export function readInputs(paths: readonly string[], stdin: () => string, cwd: string = process.cwd()): { sources: SourceText[]; diagnostics: Diagnostic[] } {
  const sources: SourceText[] = [];
  const diagnostics: Diagnostic[] = [];
  const display = (p: string): string => {
    const r = relative(cwd, p);
    return r.startsWith('..') || r === '' ? p : r;
  };
  const fail = (file: string, code: string, message: string, hint: string): void => {
    diagnostics.push(diagnosticAt({ file, line: 0, column: 0, path: '' }, 'error', code, message, { hint }));
  };
  const readFile = (file: string): void => {
    try {
      sources.push({ file: display(file), text: readFileSync(file, 'utf8') });
    } catch (e) {
      fail(display(file), 'INPUT_UNREADABLE', `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 'Check the file permissions.');
    }
  };
  const walk = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (e) {
      fail(display(dir), 'INPUT_UNREADABLE', `cannot read folder: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 'Check the folder permissions.');
      return;
    }
    for (const name of entries) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const full = join(dir, name);
      let st;
      try {
        st = statSync(full);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(full);
      else if (MANIFEST_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext))) readFile(full);
    }
  };
  let stdinRead = false;
  for (const p of paths) {
    if (p === '-') {
      if (!stdinRead) sources.push({ file: '<stdin>', text: stdin() });
      stdinRead = true;
      continue;
    }
    let st;
    try {
      st = statSync(p);
    } catch {
      fail(p, 'INPUT_NOT_FOUND', `no such file or folder: ${p}`, 'Give manifest files, folders, or - for standard input.');
      continue;
    }
    if (st.isDirectory()) {
      const before = sources.length;
      walk(p);
      if (sources.length === before) {
        diagnostics.push(diagnosticAt({ file: display(p), line: 0, column: 0, path: '' }, 'warning', 'INPUT_EMPTY_FOLDER', 'no .yaml, .yml or .json files in this folder'));
      }
    } else readFile(p);
  }
  return { sources, diagnostics };
}
