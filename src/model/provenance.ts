/** Where a piece of the model came from: a manifest file, a position and a field path. */
export interface Provenance {
  readonly file: string;
  /** 1-based line and column; 0 when unknown (synthesized objects). */
  readonly line: number;
  readonly column: number;
  /** Field path inside the object, e.g. `spec.ingress[0].from[1]`; '' for the object itself. */
  readonly path: string;
}

export type PathSegment = string | number;

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

export function formatLocation(p: Pick<Provenance, 'file' | 'line' | 'column'>): string {
  if (p.line <= 0) return p.file;
  return `${p.file}:${p.line}:${p.column}`;
}

export const SYNTHESIZED_FILE = '<synthesized>';
