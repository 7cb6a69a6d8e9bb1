// `yimen extract [APP…]`: read each app's source through its adapter into the workspace store.
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { ExitCode } from '../cli/exit-codes.js';
import { renderExtractProblems, renderExtractSummary } from '../cli/format/extract.js';
import { extractApps, type ExtractSummary } from '../extract/runner.js';

export default class Extract extends BaseCommand {
  static description = 'read the retiring apps\' sources (exports, APIs, pages, manifests) into the workspace store';
  static examples = ['<%= config.bin %> extract', '<%= config.bin %> extract wujiang liyang', '<%= config.bin %> extract --full --json'];
  static strict = false;
  static args = { apps: Args.string({ description: 'app ids (default: every app in yimen.yaml)', required: false }) };
  static flags = {
    full: Flags.boolean({ description: 'ignore saved state: read everything again and remove what the source no longer has' }),
    'accept-shrink': Flags.boolean({ description: 'confirm that a source really has far fewer records than its last snapshot (recorded in the event log)' }),
  };

  async run(): Promise<ExtractSummary> {
    const { flags, argv } = await this.parse(Extract);
    const ws = await this.workspace(flags);
    const store = this.store(ws);
    const progress = this.progress('  {app}: {value} read, {quarantined} quarantined');
    const summary = await extractApps(ws, store, {
      actor: this.actor(flags),
      apps: argv as string[],
      full: flags.full,
      acceptShrink: flags['accept-shrink'],
      signal: this.abortSignal('stopping after the app in progress (Ctrl-C again to quit at once)'),
      onProgress: (p) => {
        progress.update(p.appId, p.read, 0, { app: p.appId, quarantined: p.quarantined });
        if (p.done) progress.done();
      },
      // info lines (the encoding detected, the HTTP retry policy in force) are part of the record of a run
      onLog: (appId, level, message) => {
        if (!this.jsonEnabled()) progress.line(`${level === 'warn' ? 'warning' : 'info'} ${appId}: ${message}`);
      },
    });
    progress.stop();
    this.log(renderExtractSummary(summary));
    if (!this.jsonEnabled()) for (const line of renderExtractProblems(summary)) process.stderr.write(line + '\n');
    if (summary.shrank.length && !this.jsonEnabled()) {
      for (const a of summary.apps.filter((x) => x.code === 'E_SOURCE_SHRANK')) {
        process.stderr.write(`error E_SOURCE_SHRANK: ${a.error}\nhint: check the source; if the drop is real, run again with --accept-shrink\n`);
      }
    }
    if (summary.failed.length) {
      process.exitCode = summary.failed.length < summary.apps.length ? ExitCode.partial : ExitCode.failure;
    } else if (summary.incomplete.length) process.exitCode = ExitCode.partial;
    return summary;
  }
}
