// Reads a workspace's store after `yimen run` and writes the practice scorer's decisions format:
// { app, key, action, catalogCode?, into?, rule?, name?, entryPoints? } per service and per
// quarantined record. What the scorer needs that yimen does not keep (canonical keys) is derived
// here from the practice set's documented key rules, and listed in BASELINE.md as a loss.
import Database from 'better-sqlite3';

export interface ScorerDecision {
  app: string;
  key: string;
  action: string;
  name?: string;
  catalogCode?: string;
  into?: { app: string; key: string };
  rule?: string;
  entryPoints?: { kind: string; address: string; action?: string }[];
}

/** workspace app id → the practice set's app (an older examples/hunan read 望城's CSV of extras as a second app) */
const APP: Record<string, string> = { 'wangcheng-extra': 'wangcheng' };
const appOf = (id: string) => APP[id] ?? id;

/** The key field of each app's raw records (for quarantined ones, which have no service). */
const RAW_KEY: Record<string, string[]> = {
  liuyang: ['itemId'],
  ningxiang: ['事项编码'],
  changshaxian: ['id'],
  wangcheng: ['链接', '办理地址'],
  'wangcheng-extra': ['办理地址'],
};
const RAW_NAME = ['itemName', '事项名称', 'title', '名称'];

/**
 * The practice set's key for 望城 is the canonical link (README: on the app's own host the query
 * keeps only sid; on other hosts it is kept as it is). yimen keys by the raw link.
 */
function scorerKey(app: string, key: string): string {
  if (appOf(app) !== 'wangcheng' || !/^https?:/i.test(key)) return key;
  try {
    const u = new URL(key);
    if (u.hostname.toLowerCase() !== 'zwfw.wangcheng.gov.cn') return key;
    const sid = u.searchParams.get('sid');
    u.hash = '';
    u.search = sid ? `?sid=${sid}` : '';
    return u.toString();
  } catch {
    return key;
  }
}

const RULE: Record<string, string> = {
  'policy.retireKeywords': 'formality',
  'policy.lowUsageMonthlyVisits': 'low-usage',
};
const EP_ACTION: Record<string, string> = { redirect: 'redirect', pending: 'redirect', notice: 'notice', unresolved: 'unresolved' };

export function exportDecisions(dbPath: string): ScorerDecision[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    const services = new Map<string, any>();
    for (const r of db.prepare('SELECT data FROM services').all() as { data: string }[]) {
      const s = JSON.parse(r.data);
      services.set(s.id, s);
    }
    const rules = new Map<string, { kind: string; address: string; action?: string }[]>();
    for (const r of db.prepare('SELECT data FROM redirect_rules').all() as { data: string }[]) {
      const x = JSON.parse(r.data);
      if (!x.serviceId) continue;
      const list = rules.get(x.serviceId) ?? [];
      list.push({ kind: x.kind, address: x.source, action: EP_ACTION[x.action] ?? x.action });
      rules.set(x.serviceId, list);
    }
    // a shared address (claimedBy: several services) has one rule, kept by the first claimant by
    // precedence; every other claimant lists it too, as the key does (its action is its decision's)
    const byKey = new Map<string, string>();
    for (const s of services.values()) byKey.set(`${s.appId}\u0000${s.source.sourceKey}`, s.id);
    for (const r of db.prepare('SELECT app_id, data FROM entry_points').all() as { app_id: string; data: string }[]) {
      const e = JSON.parse(r.data);
      if (!Array.isArray(e.claimedBy) || e.claimedBy.length < 2) continue;
      for (const k of e.claimedBy.slice(1)) {
        const id = byKey.get(`${r.app_id}\u0000${k}`);
        if (!id) continue;
        const list = rules.get(id) ?? [];
        if (!list.some((x) => x.address === e.address)) list.push({ kind: e.kind, address: e.address });
        rules.set(id, list);
      }
    }
    const out: ScorerDecision[] = [];
    for (const r of db.prepare('SELECT data FROM decisions').all() as { data: string }[]) {
      const d = JSON.parse(r.data);
      const s = services.get(d.serviceId);
      if (!s) continue;
      const rec: ScorerDecision = { app: appOf(s.appId), key: scorerKey(s.appId, s.source.sourceKey), name: s.name, action: d.action };
      if (d.action === 'merge' && d.target) {
        const into = services.get(d.target);
        if (into) rec.into = { app: appOf(into.appId), key: scorerKey(into.appId, into.source.sourceKey) };
        else rec.catalogCode = d.target;
      }
      if (d.action === 'retire') rec.rule = RULE[d.rule] ?? d.rule;
      rec.entryPoints = rules.get(s.id) ?? [];
      out.push(rec);
    }
    for (const r of db.prepare("SELECT app_id, data FROM quarantine WHERE stream IS NULL OR stream = 'services'").all() as { app_id: string; data: string | null }[]) {
      let raw: Record<string, unknown> = {};
      try {
        raw = r.data ? JSON.parse(r.data) : {};
      } catch {
        /* unreadable record: no key to report */
      }
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) raw = {};
      const key = (RAW_KEY[r.app_id] ?? []).map((k) => raw[k]).find((v) => v !== undefined && v !== null && v !== '');
      const name = RAW_NAME.map((k) => raw[k]).find((v) => typeof v === 'string' && v !== '');
      out.push({ app: appOf(r.app_id), key: key === undefined ? '' : scorerKey(r.app_id, String(key)), action: 'quarantine', ...(name ? { name: String(name) } : {}) });
    }
    return out;
  } finally {
    db.close();
  }
}
