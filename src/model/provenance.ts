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

/**
 * `before`, then `at`'s file, line and column, then `after` (JSON keeps that order), the position
 * read through own enumerable getters (spreading or serialising still copies it): a provenance
 * whose position is found on demand (see ingest/parse-documents) is not located merely by being
 * referred to.
 */
export function positionedAt<B extends object, A extends object>(
  before: B,
  at: Pick<Provenance, 'file' | 'line' | 'column'>,
  after: A,
): B & Pick<Provenance, 'file' | 'line' | 'column'> & A {
  return {
    ...before,
    file: at.file,
    get line() {
      return at.line;
    },
    get column() {
      return at.column;
    },
    ...after,
  };
}
