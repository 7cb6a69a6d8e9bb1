import { Flags } from '@oclif/core';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BaseCommand } from '../cli/base-command.js';
import { renderTable, plural } from '../cli/render.js';
import { ExitCode } from '../errors.js';
import { planPublish, type PublishPlan } from '../publish/index.js';

export default class Plan extends BaseCommand {
  static description = 'show what `yimen publish` would do: create, update, unlist, no-op, against the recorded state';
  static examples = [
    '<%= config.bin %> plan',
    '<%= config.bin %> plan --out plan.json   # review it, then: yimen publish --plan plan.json',
    '<%= config.bin %> plan --refresh        # also read the target and show drift',
    '<%= config.bin %> plan --detailed-exitcode   # exit 0: nothing to do, 4: changes pending',
  ];
  static flags = {
    out: Flags.string({ description: 'save the plan (JSON) for `yimen publish --plan FILE`; bound to the current state' }),
    'detailed-exitcode': Flags.boolean({ description: 'exit 0 when there is nothing to do, 4 when changes are pending (1/2 on errors)' }),
    refresh: Flags.boolean({ description: 'read the target and report drift (changed outside yimen); the state is not changed' }),
  };

  async run(): Promise<PublishPlan> {
    const { flags } = await this.parse(Plan);
    const ws = await this.workspace(flags);
    const plan = await planPublish(ws, this.store(ws), { refresh: flags.refresh });
    if (flags.out) {
      const file = resolve(process.cwd(), flags.out);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(plan, null, 2) + '\n');
    }
    this.log(renderPlan(plan));
    if (flags.out) this.log(`\nplan saved to ${flags.out}; apply it with \`yimen publish --plan ${flags.out}\``);
    if (flags['detailed-exitcode'] && plan.operations.length > 0) process.exitCode = ExitCode.planChanges;
    return plan;
  }
}

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
