// `yimen extract [APP…]`: read each app's source through its adapter into the workspace store.
import { Args, Flags } from '@oclif/core';
import cliProgress from 'cli-progress';
import { BaseCommand } from '../cli/base-command.js';
import { renderTable } from '../cli/render.js';
import { ExitCode } from '../errors.js';
import { extractApps, type ExtractSummary } from '../extract/runner.js';

export default class Extract extends BaseCommand {
  static description = 'read the retiring apps\' sources (exports, APIs, pages, manifests) into the workspace store';
  static examples = ['<%= config.bin %> extract', '<%= config.bin %> extract wujiang liyang', '<%= config.bin %> extract --full --json'];
  static strict = false;
  static args = { apps: Args.string({ description: 'app ids (default: every app in yimen.yaml)', required: false }) };
  static flags = {
    full: Flags.boolean({ description: 'ignore saved state: read everything again and remove what the source no longer has' }),
  };

  async run(): Promise<ExtractSummary> {
    const { flags, argv } = await this.parse(Extract);
    const ws = await this.workspace(flags);
    const store = this.store(ws);
    const ac = new AbortController();
    const onSigint = () => ac.abort();
    process.once('SIGINT', onSigint);
    const bar = this.interactive
      ? new cliProgress.SingleBar({ format: '  {app}: {value} read, {quarantined} quarantined', hideCursor: true, clearOnComplete: true, stream: process.stderr }, cliProgress.Presets.shades_classic)
      : undefined;
    let current = '';
    let summary: ExtractSummary;
    try {
      summary = await extractApps(ws, store, {
        actor: this.actor(flags),
        apps: argv as string[],
        full: flags.full,
        signal: ac.signal,
        onProgress: (p) => {
          if (!bar) return;
          if (p.appId !== current) {
            if (current) bar.stop();
            current = p.appId;
            bar.start(0, 0, { app: p.appId, quarantined: 0 });
          }
          bar.update(p.read, { app: p.appId, quarantined: p.quarantined });
          if (p.done) {
            bar.stop();
            current = '';
          }
        },
        onLog: (appId, level, message) => {
          if (this.jsonEnabled()) return;
          // info lines (the encoding detected, the HTTP retry policy in force) are part of the record of a run
          if (bar) bar.stop();
          process.stderr.write(`${level === 'warn' ? 'warning' : 'info'} ${appId}: ${message}\n`);
          if (bar && current) bar.start(0, 0, { app: current, quarantined: 0 });
        },
      });
    } finally {
      bar?.stop();
      process.off('SIGINT', onSigint);
    }
    const rows: Array<Array<string | number>> = [];
    for (const a of summary.apps) {
      for (const s of a.streams) rows.push([a.appId, s.stream, s.read, s.new, s.changed, s.unchanged, s.quarantined, s.removed]);
      if (!a.streams.length) rows.push([a.appId, '-', 0, 0, 0, 0, 0, 0]);
    }
    this.log(renderTable(['app', 'stream', 'read', 'new', 'changed', 'unchanged', 'quarantined', 'removed'], rows, { align: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'] }));
    for (const a of summary.apps) {
      const ep = a.entryPoints;
      if (ep.total || ep.refused || ep.removed) this.log(`${a.appId}: ${ep.total} entry points (${ep.new} new, ${ep.changed} changed, ${ep.removed} removed, ${ep.refused} refused)`);
    }
    const q = summary.totals.quarantined;
    if (q) this.log(`${q} row(s) quarantined with their locators: see \`yimen status\` or the store's quarantine`);
    for (const a of summary.apps.filter((x) => !x.ok)) {
      if (!this.jsonEnabled()) process.stderr.write(`error ${a.appId}: ${a.error}\n`);
    }
    for (const id of summary.incomplete) {
      if (!this.jsonEnabled()) process.stderr.write(`incomplete ${id}: part of the source could not be read (see the quarantine); nothing was removed\n`);
    }
    if (summary.failed.length) {
      process.exitCode = summary.failed.length < summary.apps.length ? ExitCode.partial : ExitCode.failure;
    } else if (summary.incomplete.length) process.exitCode = ExitCode.partial;
    return summary;
  }
}
