import { CNI_NAMES, type SemanticProfile, isCniName, profileFor } from '../layers/policy/profiles.js';
import { UsageError } from './io.js';

export const CNI_OPTION_DESCRIPTION = `CNI semantic profile: ${CNI_NAMES.join(', ')} (generic: the Kubernetes API's documented semantics; see docs/cni-profiles.md)`;

/** `--cni NAME` → the profile passed into the engine. */
export function parseCni(value: string | undefined): SemanticProfile {
  const name = (value ?? 'generic').toLowerCase();
  if (!isCniName(name)) {
    const close = CNI_NAMES.find((n) => n.startsWith(name.slice(0, 3)));
    throw new UsageError(`--cni: "${value}" is not a known profile`, `Use one of ${CNI_NAMES.join(', ')}${close ? ` (did you mean ${close}?)` : ''}.`);
  }
  return profileFor(name);
}
