// Phases of an app's timeline (announce → redirect → shutdown) and what is due in each: before the
// redirect date the old pages stay (rules are `pending-phase`, a banner announces the move); from
// it, 301 and 410. Also what status calls overdue. Pure: dates are Asia/Shanghai calendar days
// (YYYY-MM-DD), today is passed in.
import type { RedirectRule } from '../schema/index.js';
import type { AppConfig } from '../workspace/config.js';
export { shanghaiDay } from '../time/index.js';

export type Phase = 'live' | 'announce' | 'redirect' | 'shutdown';
/** what an exporter must emit for a rule on a given day */
export type EmitAction = RedirectRule['action'] | 'pending-phase';

export interface Timeline {
  announce?: string;
  redirect?: string;
  shutdown?: string;
}

/** whole days from `from` to `to` (both YYYY-MM-DD) */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The phase on `day`: each date starts its phase on that day. Without a redirect date the rules
 * are served at once (the plan says so; nothing holds them back); a shutdown date alone implies the
 * redirect starts no later than the shutdown.
 */
export function phaseOn(t: Timeline | undefined, day: string): Phase {
  if (t?.shutdown && day >= t.shutdown) return 'shutdown';
  const redirect = t?.redirect ?? t?.shutdown;
  if (redirect && day >= redirect) return 'redirect';
  if (t?.announce && day >= t.announce) return 'announce';
  if (redirect || t?.announce) return 'live';
  return 'redirect';
}

/** what an exporter emits for a rule in a phase: before the redirect date every rule waits */
export function emitAction(rule: Pick<RedirectRule, 'action'>, phase: Phase): EmitAction {
  return phase === 'live' || phase === 'announce' ? 'pending-phase' : rule.action;
}

export interface Banner {
  appId: string;
  appName: string;
  /** show from … until the redirect date */
  showFrom?: string;
  redirectOn?: string;
  shutdownOn?: string;
  unifiedApp: { name: string; homeUrl?: string };
  /** a sentence the old app can show as is (Chinese) */
  message: string;
  /** per old address: where it will lead (redirect) or that it closes (notice) */
  entries: Array<{ source: string; action: RedirectRule['action']; destination?: string }>;
}

export interface PhasePlan {
  appId: string;
  day: string;
  phase: Phase;
  /** true from the redirect date: serve 301/410 */
  serveRules: boolean;
  /** before the redirect date (from the announce date): the banner config for the old app */
  banner?: Banner;
  rules: Array<RedirectRule & { emit: EmitAction }>;
}

/** per app and day: the phase and what the exporters must emit */
export function phasePlan(
  app: Pick<AppConfig, 'id' | 'name' | 'timeline'>,
  unifiedApp: { name: string; homeUrl?: string },
  rules: RedirectRule[],
  day: string,
): PhasePlan {
  const phase = phaseOn(app.timeline, day);
  const t = app.timeline ?? {};
  const plan: PhasePlan = {
    appId: app.id,
    day,
    phase,
    serveRules: phase === 'redirect' || phase === 'shutdown',
    rules: rules.map((r) => ({ ...r, emit: emitAction(r, phase) })),
  };
  if (phase === 'announce') {
    const when = t.redirect ?? t.shutdown;
    plan.banner = {
      appId: app.id,
      appName: app.name,
      showFrom: t.announce,
      redirectOn: when,
      shutdownOn: t.shutdown,
      unifiedApp,
      message:
        `${app.name}将于${when ? formatZh(when) : '近期'}起停止服务，相关事项已迁移至${unifiedApp.name}` +
        (t.shutdown && t.shutdown !== when ? `，${formatZh(t.shutdown)}正式关停` : '') +
        '。',
      entries: rules.map((r) => ({ source: r.source, action: r.action, ...(r.action === 'redirect' && r.destination ? { destination: r.destination } : {}) })),
    };
  }
  return plan;
}

function formatZh(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export interface OverdueInput {
  timeline?: Timeline;
  /** entry points without a destination */
  unresolved: number;
  /** web/QR rules never verified (or verified against an older rule) */
  unverified: number;
  /** web/QR rules whose latest probe failed */
  failing: number;
}

export interface OverdueItem {
  kind: 'unresolved-after-redirect' | 'unverified-near-shutdown' | 'failing-near-shutdown';
  count: number;
  message: string;
}

/** what is overdue on `day`: unresolved after the redirect date; unverified or failing within `windowDays` of shutdown */
export function overdue(inp: OverdueInput, day: string, windowDays = 14): OverdueItem[] {
  const out: OverdueItem[] = [];
  const t = inp.timeline ?? {};
  const redirect = t.redirect ?? t.shutdown;
  if (redirect && day >= redirect && inp.unresolved > 0) {
    out.push({
      kind: 'unresolved-after-redirect',
      count: inp.unresolved,
      message: `${inp.unresolved} entry point(s) still unresolved ${daysBetween(redirect, day)} day(s) after the redirect date ${redirect}`,
    });
  }
  if (t.shutdown) {
    const left = daysBetween(day, t.shutdown);
    if (left <= windowDays) {
      const when = left < 0 ? `${-left} day(s) after shutdown` : `${left} day(s) before shutdown`;
      if (inp.unverified > 0)
        out.push({ kind: 'unverified-near-shutdown', count: inp.unverified, message: `${inp.unverified} rule(s) never verified, ${when} (yimen redirects verify)` });
      if (inp.failing > 0) out.push({ kind: 'failing-near-shutdown', count: inp.failing, message: `${inp.failing} rule(s) failed verification, ${when}` });
    }
  }
  return out;
}
