// `yimen catalog serve`: the catalog API contract on SQLite, locally, with injectable faults.
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { ConfigError } from '../../errors.js';
import { startCatalogServer } from '../../catalog/server/index.js';
import { renderServeBanner, renderServeStopped } from '../../cli/format/catalog.js';
import { findWorkspaceRoot, workspacePaths } from '../../workspace/paths.js';
import { storedCatalogItems } from '../../catalog/stored.js';

export default class CatalogServe extends BaseCommand {
  static description = 'run the catalog API contract (api/catalog-api.openapi.yaml) locally on SQLite: for rehearsals, tests and benchmarks';
  static examples = [
    '<%= config.bin %> catalog serve --port 8080',
    '<%= config.bin %> catalog serve --latency 50 --error-rate 0.1 --rate-limit 200',
    '<%= config.bin %> catalog serve --db rehearsal.db --token-env CATALOG_TOKEN',
  ];
  static flags = {
    port: Flags.integer({ description: 'port on 127.0.0.1 (0: any free port)', default: 8080, min: 0, max: 65535 }),
    host: Flags.string({ description: 'address to listen on', default: '127.0.0.1' }),
    latency: Flags.integer({ description: 'added latency per request, ms', default: 0, min: 0 }),
    'error-rate': Flags.string({ description: 'share of requests answered 500/503 (0..1); half of them after the write was applied', default: '0' }),
    'rate-limit': Flags.integer({ description: 'requests per second; over it: 429 with Retry-After', min: 1 }),
    db: Flags.string({ description: 'SQLite file to keep the catalog in (default: in memory)' }),
    seed: Flags.integer({ description: 'seed for the injected faults, so a rehearsal can be repeated exactly' }),
    'token-env': Flags.string({ description: 'require `Authorization: Bearer $NAME` (the token is read from this environment variable)' }),
  };

  async run(): Promise<{ url: string }> {
    const { flags } = await this.parse(CatalogServe);
    const errorRate = Number(flags['error-rate']);
    if (!(errorRate >= 0 && errorRate <= 1)) throw new ConfigError('--error-rate', undefined, `expected a number from 0 to 1, got ${flags['error-rate']}`);
    let token: string | undefined;
    if (flags['token-env']) {
      token = process.env[flags['token-env']];
      if (!token) throw new ConfigError('--token-env', undefined, `the environment variable ${flags['token-env']} is not set`);
    }
    // the base catalog of the workspace here, if there is one, is what GET /catalog/items serves
    const items = storedCatalogItems(workspacePaths(findWorkspaceRoot(flags.workspace)).db);
    const srv = await startCatalogServer({
      port: flags.port,
      host: flags.host,
      db: flags.db,
      latencyMs: flags.latency,
      errorRate,
      rateLimit: flags['rate-limit'],
      token,
      items,
      random: flags.seed === undefined ? undefined : seededRandom(flags.seed),
    });
    this.log(renderServeBanner({ url: srv.url, items: items.length, db: flags.db, latency: flags.latency, errorRate, rateLimit: flags['rate-limit'] }));
    // Ctrl-C (or SIGTERM) stops it: the base command's one handler
    const signal = this.abortSignal();
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await srv.close();
    this.log(renderServeStopped(srv.stats));
    return { url: srv.url };
  }
}

/** mulberry32: a small, good-enough PRNG for repeatable fault injection */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
