// What a service's own links say about it, before matching: a service every link of which is
// already on the unified app has been migrated (merge into the item the link names, when the
// link follows the unified app's serviceUrl pattern); a service every link of which leads to
// another site (a bank's, a ministry's) is not this app's to migrate: a person decides. A service
// with no links, or with one of the app's own, is decided as usual. Pure.
import type { EntryPoint } from '../schema/index.js';
import type { Proposal } from './propose.js';

/** the catalog code a unified-app address names, read through the serviceUrl template */
export function codeFromServiceUrl(address: string, serviceUrl: string): string | undefined {
  const at = serviceUrl.indexOf('{catalogCode}');
  if (at < 0) return undefined;
  const prefix = serviceUrl.slice(0, at).toLowerCase();
  const a = address.toLowerCase();
  if (!a.startsWith(prefix)) return undefined;
  const m = /^[0-9A-Za-z]+/.exec(address.slice(prefix.length));
  return m?.[0];
}

export function linkVerdict(
  links: readonly Pick<EntryPoint, 'address' | 'status'>[],
  serviceUrl: string,
  unifiedName: string,
  catalogName: (code: string) => string | undefined,
): Proposal | undefined {
  if (!links.length) return undefined;
  if (links.every((l) => l.status === 'migrated')) {
    for (const l of links) {
      const code = codeFromServiceUrl(l.address, serviceUrl);
      const name = code ? catalogName(code) : undefined;
      if (code && name) {
        return { action: 'merge', target: code, reason: `合并到 ${code} ${name}（入口已是${unifiedName}的该事项）`, decidedBy: 'rule', rule: 'already-unified', candidates: [] };
      }
    }
    return undefined; // on the unified app, but not an item it names: the matcher decides
  }
  if (links.every((l) => l.status === 'external')) {
    const host = hostOf(links[0]!.address);
    return {
      action: 'review',
      reason: `待审核：入口指向其他网站（${host}），不是本应用的服务，请确认是否保留链接或下线`,
      decidedBy: 'rule',
      rule: 'external-link',
      candidates: [],
    };
  }
  return undefined;
}

function hostOf(address: string): string {
  try {
    return new URL(address).host;
  } catch {
    return address.slice(0, 60);
  }
}
