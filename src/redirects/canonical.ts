// Canonical forms of entry point addresses (DESIGN §11): the implementation lives in the schema
// layer (src/schema/entry-address.ts) so extract, redirects and hits share it; re-exported here.
export { MAX_URL_LENGTH, canonicalWebUrl, canonicalAddress, hostAllowed, isTrackingParam } from '../schema/entry-address.js';

export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? encodeURIComponent(values[k]!) : m));
}
