import type { ManifestObject, PodModel } from '../../../model/objects.js';
import { objectId } from '../../../model/objects.js';
import type { PathSegment, Provenance } from '../../../model/provenance.js';
import type { Snapshot } from '../../../model/snapshot.js';
import { findManifestObject } from '../../../layers/services/field-origin.js';

/**
 * The PodSpec a pod was made from, as written: the Pod's own `spec`, or its workload's template
 * (`spec.template.spec`; a CronJob's `spec.jobTemplate.spec.template.spec`). Check rules read
 * fields the model does not keep (container args, env) from here, and locate them for findings.
 */
export interface WrittenPodSpec {
  readonly spec: Readonly<Record<string, unknown>>;
  readonly manifest: ManifestObject;
  /** Path of the PodSpec inside the manifest. */
  readonly prefix: readonly PathSegment[];
  /** `Kind/namespace/name` of the manifest (the workload for an expanded pod). */
  readonly object: string;
}

export function writtenPodSpec(snapshot: Snapshot, pod: PodModel): WrittenPodSpec | undefined {
  let manifest: ManifestObject | undefined;
  let prefix: PathSegment[] = ['spec'];
  if (!pod.synthesized) {
    manifest = findManifestObject(snapshot, 'Pod', pod.namespace, pod.name);
  } else if (pod.workload) {
    const w = pod.workload;
    manifest = findManifestObject(snapshot, w.kind, w.namespace, w.name);
    prefix = w.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'spec'] : ['spec', 'template', 'spec'];
  }
  if (!manifest) return undefined;
  const spec = walk(manifest.body, prefix);
  if (!isRecord(spec)) return undefined;
  return { spec, manifest, prefix, object: objectId(manifest.kind, manifest.namespace, manifest.name) };
}

/** Where a field of the PodSpec is written. */
export function locateInPodSpec(written: WrittenPodSpec, path: readonly PathSegment[]): Provenance {
  return written.manifest.locate([...written.prefix, ...path]);
}

/** One container (init containers included), with its index path inside the PodSpec. */
export interface WrittenContainer {
  readonly name: string;
  readonly path: readonly PathSegment[];
  readonly body: Readonly<Record<string, unknown>>;
}

export function writtenContainers(written: WrittenPodSpec): WrittenContainer[] {
  const out: WrittenContainer[] = [];
  for (const field of ['initContainers', 'containers'] as const) {
    const list = written.spec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((c: unknown, i) => {
      if (!isRecord(c)) return;
      out.push({ name: typeof c.name === 'string' ? c.name : `${field}[${i}]`, path: [field, i], body: c });
    });
  }
  return out;
}

/** The container's command and args, each string with its path. */
export function commandLine(container: WrittenContainer): { value: string; path: readonly PathSegment[] }[] {
  const out: { value: string; path: readonly PathSegment[] }[] = [];
  for (const field of ['command', 'args'] as const) {
    const list = container.body[field];
    if (!Array.isArray(list)) continue;
    list.forEach((v: unknown, i) => {
      if (typeof v === 'string') out.push({ value: v, path: [...container.path, field, i] });
    });
  }
  return out;
}

export function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(body: unknown, path: readonly PathSegment[]): unknown {
  let cur: unknown = body;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg];
    } else {
      if (!isRecord(cur)) return undefined;
      cur = cur[seg];
    }
  }
  return cur;
}
