import type { PodModel } from '../../../model/objects.js';
import type { Provenance } from '../../../model/provenance.js';
import type { Snapshot } from '../../../model/snapshot.js';
import { parseIp } from '../../../net/ip.js';
import { commandLine, isRecord, locateInPodSpec, writtenContainers, writtenPodSpec } from './pod-spec.js';

/**
 * Host names a workload is configured to connect to, read from its manifest — precisely and with
 * little noise, since a manifest only hints at what a program resolves:
 *
 * - URLs (`scheme://host[:port]/...`) anywhere in an env value, a container's command or args, or a
 *   ConfigMap value the container reads through `env[].valueFrom.configMapKeyRef` or `envFrom`;
 * - a whole env value (or such a ConfigMap value) of the form `host`, `host:port`, or a
 *   comma-separated list of them, when the variable's name says it holds an address (`..._HOST`,
 *   `_ADDR`, `_ENDPOINT`, `_SERVER`, `_URL`, `_URI`, `_DOMAIN`, `_BROKERS`, ...).
 *
 * Only names with at least one dot whose last label is a public top-level domain (a curated list
 * of common generic and country TLDs, plus `example`, reserved for documentation by RFC 2606) are
 * kept: `/usr/lib/libmimalloc.so` or `prometheus.yml` are not host names. Names under the cluster
 * domain, IP addresses, and names written with a trailing dot (already absolute) are not returned.
 * ConfigMaps mounted as files are not read (a config file's URLs are often comments or examples).
 */
export interface HostnameMention {
  readonly name: string;
  readonly at: Provenance;
  /** Where the name was found, for messages: `env PROVIDER_URL of container payments`. */
  readonly where: string;
}

const PUBLIC_TLDS = new Set(
  (
    'com net org info biz io dev app ai co cloud tech online site xyz me tv cc sh ly gg to fm so is ' +
    'page run email news shop store blog live pro name mobi asia tel travel jobs cat coop aero museum ' +
    'us uk de fr eu nl be lu ch at li se no fi dk is es it pt ie pl cz sk hu ro bg gr tr ru ua by lt lv ee si hr rs ' +
    'jp cn kr tw hk mo sg my id th vn ph in pk bd lk np au nz ca mx br ar cl co pe uy ve za ng ke eg ma il ae sa qa ir ' +
    'gov edu mil int example'
  ).split(/\s+/),
);

/** Env var names that hold an address (the whole value is then read as host[:port]). */
const HOST_LIKE_KEY = /(HOST|HOSTNAME|ADDR|ADDRESS|ENDPOINT|SERVER|SERVERS|URL|URI|DOMAIN|FQDN|BROKER|BROKERS|UPSTREAM|REMOTE|API)(_|$)/i;

const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s?#]*@)?(\[[^\]\s]*\]|[^/\s:?#,;'"`)]+)/gi;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** Host names in one string: every URL's host; with `hostLike`, the whole value as host[:port] list. */
export function extractHostnames(value: string, hostLike: boolean): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(URL_PATTERN)) if (m[1] !== undefined) out.push(m[1]);
  if (out.length === 0 && hostLike) {
    for (const token of value.trim().split(/[,\s]+/)) {
      if (token === '') continue;
      const host = token.replace(/:[0-9]{1,5}$/, '');
      out.push(host);
    }
  }
  return out;
}

/** A name that leaves the cluster: a DNS name (not an IP) with a public TLD, not under the cluster domain. */
export function isExternalHostname(name: string, clusterDomain: string): boolean {
  if (!HOSTNAME.test(name)) return false; // also rejects a trailing dot, single labels and IPv6
  if (parseIp(name)) return false;
  const lower = name.toLowerCase();
  const domain = clusterDomain.toLowerCase().replace(/\.$/, '');
  if (domain !== '' && (lower === domain || lower.endsWith(`.${domain}`))) return false;
  const tld = lower.slice(lower.lastIndexOf('.') + 1);
  return PUBLIC_TLDS.has(tld);
}

/** External host names the pod's manifest mentions, in manifest order, each once. */
export function externalHostnamesOf(snapshot: Snapshot, pod: PodModel, clusterDomain: string): HostnameMention[] {
  const written = writtenPodSpec(snapshot, pod);
  if (!written) return [];
  const out: HostnameMention[] = [];
  const seen = new Set<string>();
  const add = (value: string, hostLike: boolean, at: Provenance, where: string): void => {
    for (const name of extractHostnames(value, hostLike)) {
      if (seen.has(name) || !isExternalHostname(name, clusterDomain)) continue;
      seen.add(name);
      out.push({ name, at, where });
    }
  };
  const configMap = (name: unknown): Readonly<Record<string, string>> | undefined =>
    typeof name === 'string' ? snapshot.configMaps.find((c) => c.namespace === pod.namespace && c.name === name)?.data : undefined;
  const cmSource = (name: string, key: string): Provenance | undefined => {
    const cm = snapshot.configMaps.find((c) => c.namespace === pod.namespace && c.name === name);
    return cm ? (cm.dataSources[key] ?? cm.source) : undefined;
  };
  for (const c of writtenContainers(written)) {
    const env = c.body.env;
    if (Array.isArray(env)) {
      env.forEach((e: unknown, j) => {
        if (!isRecord(e) || typeof e.name !== 'string') return;
        const hostLike = HOST_LIKE_KEY.test(e.name);
        if (typeof e.value === 'string') {
          add(e.value, hostLike, locateInPodSpec(written, [...c.path, 'env', j, 'value']), `env ${e.name} of container ${c.name}`);
          return;
        }
        const ref = isRecord(e.valueFrom) && isRecord(e.valueFrom.configMapKeyRef) ? e.valueFrom.configMapKeyRef : undefined;
        if (ref && typeof ref.name === 'string' && typeof ref.key === 'string') {
          const value = configMap(ref.name)?.[ref.key];
          const at = cmSource(ref.name, ref.key);
          if (value !== undefined && at) add(value, hostLike || HOST_LIKE_KEY.test(ref.key), at, `ConfigMap ${pod.namespace}/${ref.name} key ${ref.key} (env ${e.name} of container ${c.name})`);
        }
      });
    }
    const envFrom = c.body.envFrom;
    if (Array.isArray(envFrom)) {
      for (const src of envFrom) {
        const ref = isRecord(src) && isRecord(src.configMapRef) ? src.configMapRef : undefined;
        if (!ref || typeof ref.name !== 'string') continue;
        const data = configMap(ref.name);
        for (const [key, value] of Object.entries(data ?? {})) {
          const at = cmSource(ref.name, key);
          if (at) add(value, HOST_LIKE_KEY.test(key), at, `ConfigMap ${pod.namespace}/${ref.name} key ${key} (envFrom of container ${c.name})`);
        }
      }
    }
    for (const arg of commandLine(c)) add(arg.value, false, locateInPodSpec(written, arg.path), `the command line of container ${c.name}`);
  }
  return out;
}
