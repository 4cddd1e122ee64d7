import type { Diagnostic } from '../model/diagnostic.js';
import { formatLocation } from '../model/provenance.js';
import { PLAIN, type Style } from './style.js';

/** `file:line:col: error CODE: message` then an indented hint, as compilers print. */
export function formatDiagnostic(d: Diagnostic, style: Style = PLAIN): string {
  const sev = d.severity === 'error' ? style.bad('error') : d.severity === 'warning' ? style.warn('warning') : style.dim('info');
  const where = formatLocation(d);
  const obj = d.object ? ` [${d.object}]` : '';
  let out = `${where}: ${sev} ${d.code}: ${d.message}${style.dim(obj)}`;
  if (d.hint) out += `\n    ${style.dim('hint:')} ${d.hint}`;
  return out;
}

export function summarizeDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const count = (s: Diagnostic['severity']) => diagnostics.filter((d) => d.severity === s).length;
  const parts = [`${count('error')} error(s)`, `${count('warning')} warning(s)`];
  const info = count('info');
  if (info) parts.push(`${info} info`);
  return parts.join(', ');
}
