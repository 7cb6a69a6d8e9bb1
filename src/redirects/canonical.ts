// Canonical forms of entry point addresses (DESIGN §11), so the same old address is one rule:
// hosts lower-cased; paths, deep links and mini-program paths keep their case; fragments dropped;
// query parameters dropped unless declared significant.

export const MAX_URL_LENGTH = 2048;

export function canonicalWebUrl(address: string, significantParams: string[] = []): string {
  const u = new URL(address.trim());
  u.hash = '';
  const keep = new URLSearchParams();
  for (const [k, v] of u.searchParams) if (significantParams.includes(k)) keep.append(k, v);
  keep.sort();
  u.search = keep.toString();
  // URL already lower-cases scheme and host and drops default ports
  return u.toString();
}

/** Whether host matches an allowlist entry: exact, or `*.example.cn` for any subdomain. */
export function hostAllowed(host: string, allowlist: string[]): boolean {
  const h = host.toLowerCase();
  return allowlist.some((pat) => {
    const p = pat.toLowerCase();
    if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
    return h === p;
  });
}

export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? encodeURIComponent(values[k]!) : m));
}
