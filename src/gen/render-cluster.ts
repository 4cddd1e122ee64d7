import type { GeneratedCluster, GeneratedFile } from './generate-cluster.js';
import { renderYamlDocuments } from './render-yaml.js';

/** A file's YAML text (multi-document, one object per document). */
export function renderFile(file: GeneratedFile): string {
  return renderYamlDocuments(file.objects);
}

/** Every file of the cluster as `{path, text}`, in order. */
export function renderClusterFiles(cluster: GeneratedCluster): { path: string; text: string }[] {
  return cluster.files.map((f) => ({ path: f.path, text: renderFile(f) }));
}

/** The whole cluster as one multi-document YAML stream (for stdout or a single file). */
export function renderClusterYaml(cluster: GeneratedCluster): string {
  return renderYamlDocuments(cluster.files.flatMap((f) => f.objects));
}
