/**
 * The API server's string-format checks, with its exact error wording.
 *
 * Facts from Kubernetes v1.36 (k8s.io/apimachinery v0.36):
 * - pkg/util/validation/validation.go: IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label,
 *   IsValidPortName, IsValidPortNum, MaxLenError ("... characters"), RegexError, InclusiveRangeError.
 * - pkg/api/validate/content/kube.go + errors.go: IsLabelKey (= IsQualifiedName) and IsLabelValue.
 *   Since v0.35 these live in the `content` package, whose MaxLenError says "bytes", not "characters",
 *   and the too-many-slashes message starts "a valid label key" (it said "a qualified name" up to v1.34).
 * - pkg/api/validation/generic.go: NameIsDNSSubdomain / NameIsDNSLabel / NameIsDNS1035Label, maskTrailingDash.
 *
 * Every function returns the list of failure messages; an empty list means valid.
 * Lengths are counted in UTF-8 bytes, as Go's len() does.
 */

// ---------------------------------------------------------------------------------------------
// Message builders (same text as upstream's helpers).

/** util/validation.MaxLenError: "must be no more than N characters". */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** content.MaxLenError (label keys and values since v1.35): "must be no more than N bytes". */
export function maxLenBytesError(length: number): string {
  return `must be no more than ${length} bytes`;
}

/** EmptyError: "must be non-empty". */
export const EMPTY_ERROR = 'must be non-empty';

/** InclusiveRangeError: "must be between LO and HI, inclusive". */
export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/**
 * RegexError. Reproduces upstream's formatting exactly, including the double space before "or"
 * ("(e.g. 'my-name',  or '123-abc', regex used for validation is '...')").
 */
export function regexError(msg: string, re: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${re}')`;
  let out = `${msg} (e.g. `;
  examples.forEach((ex, i) => {
    if (i > 0) out += ' or ';
    out += `'${ex}', `;
  });
  return `${out}regex used for validation is '${re}')`;
}

/** Length in bytes of the UTF-8 encoding (Go's len(string)). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// DNS names (util/validation).

export const DNS1123_LABEL_MAX_LENGTH = 63;
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
export const DNS1035_LABEL_MAX_LENGTH = 63;

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_ERR =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_ERR =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";

const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1035_LABEL_RE = new RegExp(`^${DNS1035_LABEL_FMT}$`);

/** IsDNS1123Label: RFC 1123 label, at most 63 bytes. */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  if (!DNS1123_LABEL_RE.test(value)) {
    // A valid subdomain that is not a valid label can only be failing on its dots.
    if (DNS1123_SUBDOMAIN_RE.test(value)) errs.push('must not contain dots');
    else errs.push(regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errs;
}

/** IsDNS1123Subdomain (util/validation wording: "characters"). */
export function isDNS1123Subdomain(value: string): string[] {
  return dns1123Subdomain(value, maxLenError);
}

function dns1123Subdomain(value: string, tooLong: (n: number) => string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(tooLong(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

/** IsDNS1035Label: starts with a letter, at most 63 bytes. */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1035_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1035_LABEL_MAX_LENGTH));
  if (!DNS1035_LABEL_RE.test(value)) errs.push(regexError(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Label keys and values (content.IsLabelKey / content.IsLabelValue).

export const LABEL_KEY_NAME_MAX_LENGTH = 63;
export const LABEL_VALUE_MAX_LENGTH = 63;

const LABEL_KEY_CHAR_FMT = '[A-Za-z0-9]';
const LABEL_KEY_EXT_CHAR_FMT = '[-A-Za-z0-9_.]';
const LABEL_KEY_FMT = `(${LABEL_KEY_CHAR_FMT}${LABEL_KEY_EXT_CHAR_FMT}*)?${LABEL_KEY_CHAR_FMT}`;
const LABEL_KEY_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_KEY_RE = new RegExp(`^${LABEL_KEY_FMT}$`);

const LABEL_VALUE_FMT = `(${LABEL_KEY_FMT})?`;
const LABEL_VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);

/**
 * IsQualifiedName (= content.IsLabelKey): `[prefix/]name`, prefix a DNS-1123 subdomain (≤253 bytes),
 * name ≤63 bytes of `[A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]`. Used for label keys, annotation keys,
 * appProtocol, loadBalancerClass and many more.
 */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) {
      errs.push(`prefix part ${EMPTY_ERROR}`);
    } else {
      for (const msg of dns1123Subdomain(prefix, maxLenBytesError)) errs.push(`prefix part ${msg}`);
    }
  } else {
    return [
      `a valid label key ${regexError(LABEL_KEY_ERR, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')}` +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push(`name part ${EMPTY_ERROR}`);
  else if (utf8Length(name) > LABEL_KEY_NAME_MAX_LENGTH) errs.push(`name part ${maxLenBytesError(LABEL_KEY_NAME_MAX_LENGTH)}`);
  if (!LABEL_KEY_RE.test(name)) errs.push(`name part ${regexError(LABEL_KEY_ERR, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

/** IsValidLabelValue (= content.IsLabelValue): empty, or ≤63 bytes of the label-key name format. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > LABEL_VALUE_MAX_LENGTH) errs.push(maxLenBytesError(LABEL_VALUE_MAX_LENGTH));
  if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Ports.

const PORT_NAME_CHARSET_RE = /^[-a-z0-9]+$/;
const PORT_NAME_ONE_LETTER_RE = /[a-z]/;

/**
 * IsValidPortName (IANA_SVC_NAME): 1–15 bytes of [-a-z0-9], at least one letter, no leading/trailing
 * or doubled hyphen. Used for containerPort names, named targetPorts and NetworkPolicy named ports.
 * (Service port names are DNS-1123 labels instead.) All failing rules are reported, in this order.
 */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (utf8Length(port) > 15) errs.push(maxLenError(15));
  if (!PORT_NAME_CHARSET_RE.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!PORT_NAME_ONE_LETTER_RE.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** IsValidPortNum: 1..65535 inclusive. Non-integers are out of range too (Go's type is int). */
export function isValidPortNum(port: number): string[] {
  if (Number.isInteger(port) && port >= 1 && port <= 65535) return [];
  return [inclusiveRangeError(1, 65535)];
}

// ---------------------------------------------------------------------------------------------
// Object names per kind.

export type NameRule = 'dns1123-subdomain' | 'dns1123-label' | 'dns1035-label';

/**
 * Which ValidateNameFunc the API server applies to `metadata.name` of each kind.
 *
 * - Namespace:   core ValidateNamespaceName = NameIsDNSLabel
 * - Service:     core ValidateServiceName = NameIsDNS1035Label (NameIsDNSLabel only with the alpha
 *                RelaxedServiceNameValidation gate, off by default since v1.34)
 * - StatefulSet: apps ValidateStatefulSetName = NameIsDNSLabel (was a subdomain before; pods are
 *                named `<sts>-<ordinal>` and need a label-valid hostname)
 * - Pod, Node, Endpoints, ConfigMap (core), Deployment, DaemonSet, ReplicaSet (apps), Job, CronJob
 *   (batch, "same name validation as rcs"), EndpointSlice (discovery), NetworkPolicy, Ingress
 *   (networking): NameIsDNSSubdomain.
 *
 * Unknown kinds (including custom resources) get the DNS-1123 subdomain rule, which is what the
 * generic registry applies to CRs.
 */
export function nameRuleForKind(kind: string): NameRule {
  switch (kind) {
    case 'Namespace':
    case 'StatefulSet':
      return 'dns1123-label';
    case 'Service':
      return 'dns1035-label';
    default:
      return 'dns1123-subdomain';
  }
}

/**
 * Extra length limits on top of the name rule. CronJob: ValidateCronJobCreate rejects names longer
 * than 52 (DNS1035LabelMaxLength - 11) because the controller appends `-<11 chars>` to make Job names.
 */
export function nameLengthLimitForKind(kind: string): number | undefined {
  return kind === 'CronJob' ? DNS1035_LABEL_MAX_LENGTH - 11 : undefined;
}

/**
 * The messages ValidateObjectMeta reports for `metadata.name` (prefix=false) or `metadata.generateName`
 * (prefix=true: a trailing '-' is masked first, as maskTrailingDash does), plus CronJob's 52-char limit.
 * An empty name is the caller's business: upstream reports `Required value: name or generateName is required`.
 */
export function validateObjectName(kind: string, name: string, prefix = false): string[] {
  const value = prefix ? maskTrailingDash(name) : name;
  const errs = [...checkNameRule(nameRuleForKind(kind), value)];
  const limit = nameLengthLimitForKind(kind);
  if (!prefix && limit !== undefined && utf8Length(name) > limit) errs.push(maxLenError(limit));
  return errs;
}

export function checkNameRule(rule: NameRule, value: string): string[] {
  switch (rule) {
    case 'dns1123-subdomain':
      return isDNS1123Subdomain(value);
    case 'dns1123-label':
      return isDNS1123Label(value);
    case 'dns1035-label':
      return isDNS1035Label(value);
  }
}

/** generic.go maskTrailingDash: if longer than 1 and ending in '-', drop the last two chars and append 'a' ("web-" → "wea"). */
function maskTrailingDash(name: string): string {
  if (name.length > 1 && name.endsWith('-')) return `${name.slice(0, -2)}a`;
  return name;
}
