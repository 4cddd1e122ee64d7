import { buildPolicyEngine, loadSnapshot } from '../../src/index.js';
import { type CheckResult, runChecks } from '../../src/analysis/check/run-checks.js';

/** Loads YAML documents and runs the check catalogue (input errors fail the test). */
export function check(yaml: string, disable: string[] = []): CheckResult {
  const { snapshot, diagnostics } = loadSnapshot([{ file: 'test.yaml', text: yaml }]);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`invalid test input: ${errors.map((d) => `${d.line}: ${d.code} ${d.message}`).join('; ')}`);
  return runChecks(snapshot, buildPolicyEngine(snapshot), { disable });
}

export function codes(r: CheckResult): string[] {
  return r.findings.map((f) => f.code);
}

export const ns = (name: string, labels: Record<string, string> = {}): string =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${JSON.stringify(labels)}\n---\n`;

export const deploy = (namespace: string, name: string, labels: Record<string, string>, ports: { name?: string; containerPort: number; protocol?: string }[] = [], extra = ''): string =>
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  replicas: 1
  selector: {matchLabels: ${JSON.stringify(labels)}}
  template:
    metadata: {labels: ${JSON.stringify(labels)}}
    spec:
${extra}      containers: [{name: c, image: x, ports: ${JSON.stringify(ports)}}]
---
`;

export const netpol = (namespace: string, name: string, spec: object): string =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: ${JSON.stringify(spec)}\n---\n`;

export const dnsStack =
  ns('kube-system') +
  deploy('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53 }]) +
  `apiVersion: v1\nkind: Service\nmetadata: {name: kube-dns, namespace: kube-system}\nspec:\n  clusterIP: 10.96.0.10\n  selector: {k8s-app: kube-dns}\n  ports: [{name: dns, port: 53, protocol: UDP}, {name: dns-tcp, port: 53}]\n---\n`;
