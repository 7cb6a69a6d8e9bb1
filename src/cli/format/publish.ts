// Renders `yimen plan` (the operations, what is blocked, drift) and `yimen publish` (the outcome).
import type { PublishPlan, PublishSummary } from '../../publish/index.js';
import { plural, renderTable } from './table.js';

export function renderPlan(plan: PublishPlan): string {
  const c = plan.counts;
  const lines: string[] = [`target: ${plan.target} (${plan.targetDescription})`];
  if (plan.pendingIntents) lines.push(`${plural(plan.pendingIntents, 'intent')} left pending by an interrupted run: publish reconciles them first`);
  if (plan.operations.length) {
    const sign = { create: '+', update: '~', unlist: '-' } as const;
    lines.push(
      renderTable(
        ['', 'operation', 'service', 'app', 'reason'],
        plan.operations.slice(0, 200).map((o) => [sign[o.op], o.op, `${o.name}\n${o.serviceId}`, o.appId, o.reason]),
      ),
    );
    if (plan.operations.length > 200) lines.push(`… and ${plan.operations.length - 200} more (--json shows all)`);
  }
  if (plan.blocked.length) {
    lines.push(`blocked (error-severity issues; fix the data or the profile):`);
    for (const b of plan.blocked.slice(0, 20)) lines.push(`  ! ${b.name} (${b.serviceId}): ${b.reason}`);
    if (plan.blocked.length > 20) lines.push(`  … and ${plan.blocked.length - 20} more`);
  }
  if (plan.drift) {
    if (!plan.drift.length) lines.push('drift: none (the target matches the recorded state)');
    else {
      lines.push(`drift: ${plural(plan.drift.length, 'item')} differ on the target (not overwritten; the state is unchanged):`);
      for (const d of plan.drift.slice(0, 50)) lines.push(`  ${d.kind.padEnd(10)} ${d.externalId}: ${d.detail}`);
    }
  }
  lines.push(
    `plan: ${c.create} to create, ${c.update} to update, ${c.unlist} to unlist, ${c.noop} unchanged${c.blocked ? `, ${c.blocked} blocked` : ''}` +
      (plan.operations.length ? '' : ' — nothing to do'),
  );
  return lines.join('\n');
}

export function renderPublishSummary(s: PublishSummary): string {
  const c = s.counts;
  const lines: string[] = [];
  if (s.brokeLock) lines.push(`broke a stale lock ${s.brokeLock.id} (its process ${s.brokeLock.pid} is gone)`);
  const r = s.reconciled;
  if (r.applied + r.notApplied + r.unresolved)
    lines.push(`reconciled the intents an interrupted run left: ${r.applied} found applied, ${r.notApplied} not applied (redone)${r.unresolved ? `, ${r.unresolved} could not be looked up` : ''}`);
  lines.push(
    `published to ${s.target} (${s.targetDescription}): ${c.create} created, ${c.update} updated, ${c.unlist} unlisted, ${c.noop} unchanged, ${s.failures.length} failed${
      c.blocked ? `, ${c.blocked} blocked by data errors` : ''
    } in ${(s.durationMs / 1000).toFixed(1)} s`,
  );
  if (s.interrupted) lines.push(`interrupted: ${c.notStarted} operation(s) not started; run \`yimen publish\` again to finish`);
  if (s.failures.length) {
    lines.push(
      renderTable(
        ['operation', 'service', 'status', 'the target says'],
        s.failures.slice(0, 50).map((f) => [f.op, `${f.name}\n${f.serviceId}`, f.status ?? '', f.reason]),
      ),
    );
    if (s.failures.length > 50) lines.push(`… and ${s.failures.length - 50} more (--json shows all)`);
    lines.push('run `yimen publish` again to retry the failed operations');
  }
  return lines.join('\n');
}
