import type { Severity } from '../../model/diagnostic.js';
import type { Provenance } from '../../model/provenance.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { PolicyEngine } from '../../layers/policy/policy-engine.js';

/** One problem `kflow check` found: stable code, location, and the fix. */
export interface Finding {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** `Kind/namespace/name` of the object the finding is about (where a suppression annotation goes). */
  readonly object: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Field path inside the object. */
  readonly path: string;
  readonly hint: string;
  /** Other places that explain the finding (the policies involved, the pods' manifests). */
  readonly related?: readonly (Provenance & { readonly message: string })[];
}

export interface CheckContext {
  readonly snapshot: Snapshot;
  readonly policy: PolicyEngine;
}

/** A rule of the catalogue: one file in rules/, one doc page in docs/rules/<CODE>.md. */
export interface CheckRule {
  readonly code: string;
  readonly severity: Severity;
  /** One line: what the rule finds. */
  readonly title: string;
  /** What goes wrong at run time when this fires. */
  readonly why: string;
  run(ctx: CheckContext): Finding[];
}

export function findingAt(
  rule: Pick<CheckRule, 'code' | 'severity'>,
  at: Provenance,
  object: string,
  message: string,
  hint: string,
  related?: Finding['related'],
): Finding {
  return {
    code: rule.code,
    severity: rule.severity,
    message,
    object,
    file: at.file,
    line: at.line,
    column: at.column,
    path: at.path,
    hint,
    ...(related && related.length ? { related } : {}),
  };
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };
