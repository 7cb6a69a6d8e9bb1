import { Flags } from '@oclif/core';
import { BaseCommand, ExitCode } from '../../cli/base-command.js';
import { renderVerify } from '../../cli/format/redirects.js';
import { verifyRedirects, type VerifySummary } from '../../redirects/verify.js';

export default class RedirectsVerify extends BaseCommand {
  static description =
    'probe every web and QR entry point without following redirects and compare status and Location with the plan; follows up to 5 hops from each destination to catch chains and loops; stores the result per entry point';
  static examples = [
    '<%= config.bin %> redirects verify',
    '<%= config.bin %> redirects verify --base http://127.0.0.1:8080 --destination-base http://127.0.0.1:8081 --json',
  ];
  static flags = {
    app: Flags.string({ description: 'only this app (repeatable)', multiple: true }),
    base: Flags.string({ description: 'a preview host (origin): each old address is sent there, path and query kept, with its own Host header' }),
    'destination-base': Flags.string({ description: 'a preview host (origin) for destinations; with --base and without this, destinations are not probed' }),
    concurrency: Flags.integer({ description: 'requests in flight at once', default: 8, min: 1, max: 256 }),
    rate: Flags.integer({ description: 'requests per second, shared by all probes (default: no limit)', min: 1 }),
    on: Flags.string({ description: 'verify as on this day (YYYY-MM-DD, Asia/Shanghai; default today): before an app\'s redirect date its old pages should still answer 200' }),
    timeout: Flags.integer({ description: 'seconds per attempt', default: 10, min: 1 }),
  };

  async run(): Promise<VerifySummary> {
    const { flags } = await this.parse(RedirectsVerify);
    const ws = await this.workspace(flags, { checkFiles: false });
    const s = await verifyRedirects(ws, this.store(ws), {
      actor: this.actor(flags),
      apps: flags.app,
      base: flags.base,
      destinationBase: flags['destination-base'],
      concurrency: flags.concurrency,
      rateLimit: flags.rate,
      timeoutMs: flags.timeout * 1000,
      day: flags.on,
    });
    this.log(renderVerify(s));
    if (s.failures.length) process.exitCode = ExitCode.partial;
    return s;
  }
}
