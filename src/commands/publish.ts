import { Flags } from '@oclif/core';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { BaseCommand } from '../cli/base-command.js';
import { renderTable } from '../cli/render.js';
import { UsageError } from '../errors.js';
import { applyPublish, openTarget, PublishPlan, type PublishSummary } from '../publish/index.js';

export default class Publish extends BaseCommand {
  static description = 'publish the services to migrate to the target: journalled, resumable after a crash, under a workspace lock';
  static examples = [
    '<%= config.bin %> publish',
    '<%= config.bin %> publish --plan plan.json   # exactly a reviewed plan; refused if the state changed since',
    '<%= config.bin %> publish --concurrency 16',
  ];
  static flags = {
    plan: Flags.string({ description: 'a plan saved by `yimen plan --out FILE`' }),
    concurrency: Flags.integer({ description: 'operations in flight at once (default: target.concurrency, else 8 for http, 1 otherwise)', min: 1, max: 256 }),
  };

  async run(): Promise<PublishSummary> {
    const { flags } = await this.parse(Publish);
    const ws = await this.workspace(flags);
    const store = this.store(ws);
    let plan: PublishPlan | undefined;
    if (flags.plan) {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(resolve(process.cwd(), flags.plan), 'utf8'));
      } catch (e) {
        throw new UsageError(`cannot read the plan ${flags.plan}: ${(e as Error).message}`, 'make one with `yimen plan --out FILE`');
      }
      const p = PublishPlan.safeParse(raw);
      if (!p.success) throw new UsageError(`${flags.plan} is not a yimen publish plan`, 'make one with `yimen plan --out FILE`');
      plan = p.data;
    }

    // Ctrl-C: start nothing new, let what is in flight finish and be recorded
    const ac = new AbortController();
    const onSignal = () => {
      if (ac.signal.aborted) process.exit(130);
      ac.abort();
      process.stderr.write('\nstopping: finishing the operations in flight (Ctrl-C again to quit at once; the next run reconciles)\n');
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    const bar = this.interactive
      ? new cliProgress.SingleBar({ format: '{phase} [{bar}] {value}/{total} {failed}', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic)
      : undefined;
    // --verbose: the http client's policy and every retry (with the target's status) on stderr
    const target = flags.verbose
      ? openTarget(ws, store, undefined, {
          logger: { info: (m) => process.stderr.write(`${m}\n`), warn: (m) => process.stderr.write(`${m}\n`) },
        })
      : undefined;
    let started = '';
    let summary: PublishSummary;
    try {
      summary = await applyPublish(ws, store, {
        actor: this.actor(flags),
        plan,
        concurrency: flags.concurrency,
        target,
        signal: ac.signal,
        onProgress: (p) => {
          if (!bar) return;
          if (started !== p.phase) {
            if (started) bar.stop();
            started = p.phase;
            bar.start(p.total, p.done, { phase: p.phase, failed: '' });
          }
          bar.update(p.done, { phase: p.phase, failed: p.failed ? `${p.failed} failed` : '' });
        },
      });
    } finally {
      await target?.close?.();
      bar?.stop();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    this.log(renderSummary(summary));
    if (summary.exitCode !== 0) process.exitCode = summary.exitCode;
    return summary;
  }
}

function renderSummary(s: PublishSummary): string {
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
