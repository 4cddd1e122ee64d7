import type { CheckResult } from '../analysis/check/run-checks.js';
import type { Severity } from '../model/diagnostic.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0 (OASIS), as GitHub code scanning reads it: one run, the rule catalogue as
 * tool.driver.rules with help text, results with a physical location each.
 */
export function checkToSarif(r: CheckResult, version: string, informationUri = 'https://github.com/kflow-dev/kflow'): object {
  const ruleIndex = new Map(r.rules.map((rule, i) => [rule.code, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kflow',
            version,
            semanticVersion: version,
            informationUri,
            rules: r.rules.map((rule) => ({
              id: rule.code,
              name: rule.code
                .toLowerCase()
                .split('_')
                .map((w) => w[0]!.toUpperCase() + w.slice(1))
                .join(''),
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.why },
              helpUri: `${informationUri}/blob/main/docs/rules/${rule.code}.md`,
              help: { text: `${rule.title}. ${rule.why}`, markdown: `**${rule.code}**: ${rule.title}.\n\n${rule.why}` },
              defaultConfiguration: { level: LEVEL[rule.severity] },
            })),
          },
        },
        results: r.findings.map((f) => ({
          ruleId: f.code,
          ...(ruleIndex.has(f.code) ? { ruleIndex: ruleIndex.get(f.code) } : {}),
          level: LEVEL[f.severity],
          message: { text: `${f.message} (${f.object}). Hint: ${f.hint}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toUri(f.file) },
                ...(f.line > 0 ? { region: { startLine: f.line, startColumn: Math.max(1, f.column) } } : {}),
              },
              logicalLocations: [{ fullyQualifiedName: f.object, kind: 'resource' }],
            },
          ],
          ...(f.related && f.related.length
            ? {
                relatedLocations: f.related.map((rel, i) => ({
                  id: i,
                  message: { text: rel.message },
                  physicalLocation: { artifactLocation: { uri: toUri(rel.file) }, ...(rel.line > 0 ? { region: { startLine: rel.line, startColumn: Math.max(1, rel.column) } } : {}) },
                })),
              }
            : {}),
          partialFingerprints: { 'kflow/v1': `${f.code}:${f.object}:${f.path}` },
        })),
      },
    ],
  };
}

function toUri(file: string): string {
  return file.split('\\').join('/').split('/').map(encodeURIComponent).join('/');
}
