// `yimen publish`: apply the plan to the target, journalled and under the workspace lock.
import { Flags } from '@oclif/core';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BaseCommand } from '../cli/base-command.js';
import { renderPublishSummary } from '../cli/format/publish.js';
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
    const signal = this.abortSignal('stopping: finishing the operations in flight (Ctrl-C again to quit at once; the next run reconciles)');
    const progress = this.progress('{phase} [{bar}] {value}/{total} {failed}');
    // --verbose: the http client's policy and every retry (with the target's status) on stderr
    const target = flags.verbose
      ? openTarget(ws, store, undefined, {
          logger: { info: (m) => process.stderr.write(`${m}\n`), warn: (m) => process.stderr.write(`${m}\n`) },
        })
      : undefined;
    let summary: PublishSummary;
    try {
      summary = await applyPublish(ws, store, {
        actor: this.actor(flags),
        plan,
        concurrency: flags.concurrency,
        target,
        signal,
        onProgress: (p) => progress.update(p.phase, p.done, p.total, { phase: p.phase, failed: p.failed ? `${p.failed} failed` : '' }),
      });
    } finally {
      await target?.close?.();
      progress.stop();
    }
    this.log(renderPublishSummary(summary));
    if (summary.exitCode !== 0) process.exitCode = summary.exitCode;
    return summary;
  }
}

