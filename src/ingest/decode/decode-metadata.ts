import type { OwnerRef } from '../../model/objects.js';
import { isDNS1123Label, isQualifiedName, isValidLabelValue, validateObjectName } from '../validation/names.js';
import { type DecodeContext, type JsonMap, type Path, isAbsent } from './decode-context.js';
import { OBJECT_META_FIELDS } from './known-fields.js';

export interface DecodedMetadata {
  readonly name: string;
  readonly namespace: string | undefined;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly uid: string | undefined;
  readonly ownerReferences: OwnerRef[];
}

const META_PATH: Path = ['metadata'];

/** Kinds kflow reads that are cluster-scoped. */
const CLUSTER_SCOPED = new Set(['Namespace', 'Node', 'ClusterNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'GatewayClass', 'IngressClass']);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/**
 * metadata as the API server validates it (ValidateObjectMeta): the name rule of the kind,
 * a DNS-1123 label namespace (defaulting to `default`), qualified label keys and valid values.
 */
export function decodeMetadata(ctx: DecodeContext, body: JsonMap, kind: string, fallbackName: string): DecodedMetadata {
  const metaMap = ctx.map(body.metadata, META_PATH);
  const meta = metaMap ?? {};
  if (metaMap) ctx.knownFields(metaMap, META_PATH, OBJECT_META_FIELDS);
  let name = ctx.string(meta.name, [...META_PATH, 'name']);
  const generateName = ctx.string(meta.generateName, [...META_PATH, 'generateName']);
  if (generateName) {
    // ValidateObjectMeta: generateName is checked with the kind's name rule as a prefix.
    for (const e of validateObjectName(kind, generateName, true)) ctx.error([...META_PATH, 'generateName'], 'NAME_INVALID', `Invalid value: ${JSON.stringify(generateName)}: ${e}`);
  }
  if (name === undefined || name === '') {
    if (generateName) {
      name = `${generateName}${fallbackName}`;
    } else {
      // Required only when the name is really missing: a wrong type was already reported.
      const missing = (isAbsent(body.metadata) || metaMap !== undefined) && (isAbsent(meta.name) || meta.name === '');
      if (missing) ctx.error([...META_PATH, 'name'], 'FIELD_REQUIRED', 'Required value: name or generateName is required', 'Give the object a metadata.name.');
      name = `<unnamed-${fallbackName}>`;
    }
  } else {
    for (const e of validateObjectName(kind, name)) ctx.error([...META_PATH, 'name'], 'NAME_INVALID', `Invalid value: ${JSON.stringify(name)}: ${e}`);
  }
  let namespace: string | undefined;
  if (isClusterScoped(kind)) {
    namespace = undefined;
  } else {
    namespace = ctx.string(meta.namespace, [...META_PATH, 'namespace']) || 'default';
    for (const e of isDNS1123Label(namespace)) ctx.error([...META_PATH, 'namespace'], 'NAME_INVALID', `Invalid value: ${JSON.stringify(namespace)}: ${e}`);
  }
  const labels = ctx.stringMap(meta.labels, [...META_PATH, 'labels']);
  validateLabels(ctx, labels, [...META_PATH, 'labels']);
  const annotations = ctx.stringMap(meta.annotations, [...META_PATH, 'annotations']);
  const uid = ctx.string(meta.uid, [...META_PATH, 'uid']);
  const ownerReferences: OwnerRef[] = [];
  (ctx.list(meta.ownerReferences, [...META_PATH, 'ownerReferences']) ?? []).forEach((o, i) => {
    const p = [...META_PATH, 'ownerReferences', i];
    const m = ctx.map(o, p);
    if (!m) return;
    const okind = ctx.string(m.kind, [...p, 'kind']);
    const oname = ctx.string(m.name, [...p, 'name']);
    if (okind && oname) {
      ownerReferences.push({ kind: okind, name: oname, uid: ctx.string(m.uid, [...p, 'uid']), controller: ctx.bool(m.controller, [...p, 'controller']) ?? false });
    }
  });
  return { name, namespace, labels, annotations, uid, ownerReferences };
}

/** ValidateLabels: qualified-name keys, label values of at most 63 valid characters. */
export function validateLabels(ctx: DecodeContext, labels: Readonly<Record<string, string>>, path: Path): void {
  for (const [k, v] of Object.entries(labels)) {
    for (const e of isQualifiedName(k)) ctx.error([...path, k], 'LABEL_INVALID', `Invalid value: ${JSON.stringify(k)}: ${e}`);
    for (const e of isValidLabelValue(v)) ctx.error([...path, k], 'LABEL_INVALID', `Invalid value: ${JSON.stringify(v)}: ${e}`);
  }
}
