import type { ManifestObject } from '../../model/objects.js';
import { objectId } from '../../model/objects.js';
import type { PathSegment, Provenance } from '../../model/provenance.js';
import { SYNTHESIZED_FILE, formatPath } from '../../model/provenance.js';
import type { Snapshot } from '../../model/snapshot.js';

/**
 * Where a decision came from: an object (`Kind/namespace/name`) and the field inside it, with its
 * manifest position. Shaped like the policy layer's `RuleOrigin` so a trace can render both alike.
 */
export interface FieldOrigin {
  readonly object: string;
  readonly path: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The field is absent from the manifest: its value is the API default, the position its nearest ancestor's. */
  readonly defaulted?: true;
}

const objectIndexes = new WeakMap<Snapshot, Map<string, ManifestObject>>();

function objectIndex(snapshot: Snapshot): Map<string, ManifestObject> {
  let index = objectIndexes.get(snapshot);
  if (!index) {
    index = new Map();
    for (const o of snapshot.objects) {
      const id = objectId(o.kind, o.namespace, o.name);
      if (!index.has(id)) index.set(id, o);
    }
    objectIndexes.set(snapshot, index);
  }
  return index;
}

/** The manifest object `Kind/namespace/name` (or `Kind/name`), when the input has it. */
export function findManifestObject(snapshot: Snapshot, kind: string, namespace: string | undefined, name: string): ManifestObject | undefined {
  return objectIndex(snapshot).get(objectId(kind, namespace, name));
}

/**
 * The origin of a field of an object in the input. An absent field points at its nearest
 * existing ancestor (so a defaulted `spec.internalTrafficPolicy` points at `spec`), but the path
 * names the field asked for.
 */
export function locateObjectField(
  snapshot: Snapshot,
  kind: string,
  namespace: string | undefined,
  name: string,
  path: readonly PathSegment[],
  fallback?: Provenance,
): FieldOrigin {
  const object = objectId(kind, namespace, name);
  const manifest = findManifestObject(snapshot, kind, namespace, name);
  const at = manifest ? manifest.locate(path) : (fallback ?? { file: SYNTHESIZED_FILE, line: 0, column: 0, path: '' });
  const present = manifest !== undefined && hasPath(manifest.body, path);
  return { object, path: formatPath(path), file: at.file, line: at.line, column: at.column, ...(present || path.length === 0 ? {} : { defaulted: true as const }) };
}

function hasPath(body: unknown, path: readonly PathSegment[]): boolean {
  let cur: unknown = body;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(cur) || seg >= cur.length) return false;
      cur = cur[seg];
    } else {
      if (typeof cur !== 'object' || cur === null || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, seg)) return false;
      cur = (cur as Record<string, unknown>)[seg];
    }
  }
  return cur !== undefined && cur !== null;
}

/** An origin from a provenance the model already carries. */
export function originOf(object: string, at: Provenance): FieldOrigin {
  return { object, path: at.path, file: at.file, line: at.line, column: at.column };
}

/**
 * The origin of a pod: its own manifest, or — for a pod kflow expanded from a workload — the
 * workload whose template it came from.
 */
export function podOrigin(snapshot: Snapshot, podKey: string, at: Provenance): FieldOrigin {
  const pod = snapshot.podsByKey.get(podKey);
  if (pod?.synthesized) {
    const owner = snapshot.workloads.find((w) => w.namespace === pod.namespace && (w.name === pod.workload?.name || pod.ownerReferences.some((o) => o.kind === w.kind && o.name === w.name)));
    if (owner) return originOf(`${owner.kind}/${owner.namespace}/${owner.name}`, owner.source);
  }
  return originOf(`Pod/${podKey}`, at);
}
