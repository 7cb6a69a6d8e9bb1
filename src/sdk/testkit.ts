// The adapter contract test kit (`yimen/sdk/testkit`; `yimen/testkit` is its old name): the checks every built-in adapter passes, for
// third-party adapters to run in their own tests. It needs no test framework: `runContract` returns
// a report, `assertContract` throws on the first failure, and `contractTests` registers one test per
// check with the framework's own `describe` / `it` (vitest, jest, mocha, node:test).
import { z } from 'zod';
import type { AdapterContext, AdapterContextInit, AdapterMessage, SourceAdapter, StreamSpec } from './contract.js';
import { createAdapterContext } from './context.js';
import { contentHash } from './hash.js';

export interface ExpectedRecord {
  stream: string;
  key: string;
  /** fields the record's data must have (a subset match) */
  data?: Record<string, unknown>;
}

export interface ContractFixture<C = unknown> {
  adapter: SourceAdapter<C>;
  /** the folder relative paths in config are resolved against (a fixture workspace) */
  root: string;
  /** config (as written in yimen.yaml) that reads the fixture */
  config: unknown;
  /** configs that must fail: the spec refuses them, or check says why not */
  badConfigs: Array<{ config: unknown; why?: string }>;
  /** records the read must give (others may come too, unless `exact`) */
  expected: ExpectedRecord[];
  /** the number of records per stream, when known */
  counts?: Record<string, number>;
  /** quarantined rows the fixture has on purpose, per stream */
  quarantined?: Record<string, number>;
  exact?: boolean;
  env?: NodeJS.ProcessEnv;
  appId?: string;
}

export interface ContractCheck {
  name: string;
  ok: boolean;
  error?: string;
}

export class ContractError extends Error {
  constructor(
    readonly check: string,
    message: string,
  ) {
    super(`${check}: ${message}`);
    this.name = 'ContractError';
  }
}

function ctxOf(fx: ContractFixture<any>, logs: string[]): AdapterContext {
  return createAdapterContext(
    {
      root: fx.root,
      appId: fx.appId ?? 'contract-test',
      env: fx.env ?? process.env,
      log: { info: (m) => logs.push(`info ${m}`), warn: (m) => logs.push(`warn ${m}`) },
    },
    fx.adapter.name,
  );
}

/** reads everything, checking each message's shape; returns the messages and the last state per stream */
export async function readAll<C>(adapter: SourceAdapter<C>, config: C, init: AdapterContextInit | AdapterContext, state: Record<string, unknown> = {}) {
  const ctx = createAdapterContext(init, adapter.name);
  const messages: AdapterMessage[] = [];
  const finalState: Record<string, unknown> = { ...state };
  for await (const m of adapter.read(config, ctx, state)) {
    if (!m || typeof m !== 'object' || !('type' in m)) throw new ContractError('read', `a message without a type: ${JSON.stringify(m)}`);
    switch (m.type) {
      case 'record':
        if (typeof m.stream !== 'string' || !m.stream) throw new ContractError('read', 'a record without a stream');
        if (typeof m.key !== 'string' || !m.key) throw new ContractError('read', `a record of ${m.stream} without a key (locator ${m.locator})`);
        if (typeof m.locator !== 'string' || !m.locator) throw new ContractError('read', `record ${m.stream}/${m.key} has no locator`);
        if (!m.data || typeof m.data !== 'object' || Array.isArray(m.data)) throw new ContractError('read', `record ${m.stream}/${m.key} has no data object`);
        JSON.stringify(m.data); // must be serialisable
        break;
      case 'quarantine':
        if (!m.locator || !m.reason) throw new ContractError('read', `a quarantine message needs a locator and a reason: ${JSON.stringify(m)}`);
        break;
      case 'state':
        finalState[m.stream] = m.state;
        break;
      case 'log':
        break;
      default:
        throw new ContractError('read', `unknown message type ${JSON.stringify((m as { type: unknown }).type)}`);
    }
    messages.push(m);
  }
  return { messages, state: finalState };
}

/** readBatches, when an adapter has one, gives exactly what read gives, in order, its logs between the same messages */
async function sameAsRead<C>(a: SourceAdapter<C>, fx: ContractFixture<C>, config: C): Promise<void> {
  if (!a.readBatches) return;
  // each message and log line in the order they come
  const trace = async (read: (c: AdapterContext) => AsyncIterable<Iterable<AdapterMessage>>) => {
    const lines: string[] = [];
    const out: string[] = [];
    for await (const run of read(ctxOf(fx, lines))) for (const m of run) out.push(...lines.splice(0), JSON.stringify(m));
    return [...out, ...lines];
  };
  const viaRead = await trace(async function* (c) {
    for await (const m of a.read(config, c, {})) yield [m];
  });
  const viaBatches = await trace((c) => a.readBatches!(config, c, {}));
  const at = viaRead.findIndex((x, i) => x !== viaBatches[i]);
  if (at >= 0 || viaRead.length !== viaBatches.length)
    throw new ContractError('read', `readBatches differs from read at message or log line ${at >= 0 ? at : Math.min(viaRead.length, viaBatches.length)}: ${viaBatches[at] ?? 'nothing'} instead of ${viaRead[at] ?? 'nothing'}`);
}

function subset(actual: Record<string, unknown>, expected: Record<string, unknown>): string | undefined {
  for (const [k, v] of Object.entries(expected)) {
    const a = actual[k];
    if (v && typeof v === 'object' && a && typeof a === 'object') {
      const d = subset(a as Record<string, unknown>, v as Record<string, unknown>);
      if (d) return `${k}.${d}`;
    } else if (a !== v) return `${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(a)}`;
  }
  return undefined;
}

type Check = { name: string; run: () => Promise<void> };

export function contractChecks<C>(fx: ContractFixture<C>): Check[] {
  const a = fx.adapter;
  const logs: string[] = [];
  const ctx = ctxOf(fx, logs);
  let parsed: C | undefined;
  let streams: StreamSpec[] | undefined;
  let first: Awaited<ReturnType<typeof readAll<C>>> | undefined;
  const getParsed = (): C => {
    if (parsed !== undefined) return parsed;
    const r = a.spec.safeParse(fx.config);
    if (!r.success) throw new ContractError('spec', `the fixture config does not parse: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    parsed = r.data;
    return parsed;
  };
  const getFirst = async () => (first ??= await readAll(a, getParsed(), ctx));
  return [
    {
      name: 'spec is valid: a zod schema with name, version and description, that parses the fixture config and exports as JSON Schema',
      run: async () => {
        if (!a.name || !/^[a-z0-9][a-z0-9-]*$/.test(a.name)) throw new ContractError('spec', `name "${a.name}" must be lower-case letters, digits and hyphens`);
        if (!a.version || !/^\d+\.\d+\.\d+/.test(a.version)) throw new ContractError('spec', `version "${a.version}" is not semver`);
        if (!a.description) throw new ContractError('spec', 'no description');
        if (!a.spec || typeof a.spec.safeParse !== 'function') throw new ContractError('spec', 'spec is not a zod schema');
        getParsed();
        try {
          z.toJSONSchema(a.spec as z.ZodType, { io: 'input', unrepresentable: 'any' });
        } catch (e) {
          throw new ContractError('spec', `cannot be shown as JSON Schema: ${(e as Error).message}`);
        }
      },
    },
    {
      name: 'check passes on the good config',
      run: async () => {
        const r = await a.check(getParsed(), ctx);
        if (!r.ok) throw new ContractError('check', `failed on the good config: ${r.reason}`);
      },
    },
    {
      name: 'check fails clearly on bad config (the spec names the field, or check says why)',
      run: async () => {
        if (!fx.badConfigs.length) throw new ContractError('check', 'the fixture gives no bad configs');
        for (const [i, b] of fx.badConfigs.entries()) {
          const r = a.spec.safeParse(b.config);
          if (!r.success) {
            const issue = r.error.issues[0]!;
            if (!issue.message) throw new ContractError('check', `bad config #${i} is refused without a message`);
            continue;
          }
          let res;
          try {
            res = await a.check(r.data, ctx);
          } catch (e) {
            throw new ContractError('check', `bad config #${i}${b.why ? ` (${b.why})` : ''}: check threw instead of answering: ${(e as Error).message}`);
          }
          if (res.ok) throw new ContractError('check', `bad config #${i}${b.why ? ` (${b.why})` : ''} passed the check`);
          if (!res.reason || res.reason.length < 8) throw new ContractError('check', `bad config #${i}: the reason "${res.reason}" is not clear`);
        }
      },
    },
    {
      name: 'discover lists streams, each with a primary key',
      run: async () => {
        streams = await a.discover(getParsed(), ctx);
        if (!Array.isArray(streams) || !streams.length) throw new ContractError('discover', 'no streams');
        for (const s of streams) {
          if (!s.name) throw new ContractError('discover', 'a stream without a name');
          if (!Array.isArray(s.primaryKey) || !s.primaryKey.length) throw new ContractError('discover', `stream ${s.name} has no primary key`);
        }
      },
    },
    {
      name: 'read of the fixture gives the expected records (and quarantines, not drops, bad rows); readBatches, if any, the same',
      run: async () => {
        streams ??= await a.discover(getParsed(), ctx);
        const { messages } = await getFirst();
        const names = new Set(streams.map((s) => s.name));
        const records = messages.filter((m): m is Extract<AdapterMessage, { type: 'record' }> => m.type === 'record');
        for (const r of records) if (!names.has(r.stream)) throw new ContractError('read', `record in stream "${r.stream}", which discover did not list`);
        for (const e of fx.expected) {
          const hit = records.find((r) => r.stream === e.stream && r.key === e.key);
          if (!hit) throw new ContractError('read', `no ${e.stream} record with key "${e.key}" (got ${records.filter((r) => r.stream === e.stream).slice(0, 8).map((r) => r.key).join(', ')}…)`);
          const d = e.data && subset(hit.data, e.data);
          if (d) throw new ContractError('read', `${e.stream}/${e.key}: ${d}`);
        }
        const count = (type: string, s: string) => new Set(messages.filter((m) => m.type === type && 'stream' in m && m.stream === s).map((m) => (m.type === 'record' ? m.key : (m as { locator: string }).locator))).size;
        for (const [s, n] of Object.entries(fx.counts ?? {})) if (count('record', s) !== n) throw new ContractError('read', `${s}: expected ${n} distinct records, got ${count('record', s)}`);
        for (const [s, n] of Object.entries(fx.quarantined ?? {})) if (count('quarantine', s) !== n) throw new ContractError('read', `${s}: expected ${n} quarantined, got ${count('quarantine', s)}`);
        if (fx.exact) {
          const want = new Set(fx.expected.map((e) => `${e.stream} ${e.key}`));
          const extra = records.filter((r) => !want.has(`${r.stream} ${r.key}`));
          if (extra.length) throw new ContractError('read', `unexpected records: ${extra.slice(0, 5).map((r) => `${r.stream}/${r.key}`).join(', ')}`);
        }
        await sameAsRead(a, fx, getParsed());
      },
    },
    {
      name: 'a re-read with the saved state gives nothing new',
      run: async () => {
        const { messages, state } = await getFirst();
        const before = new Map<string, string>();
        for (const m of messages) if (m.type === 'record') before.set(`${m.stream} ${m.key}`, contentHash(m.data));
        const again = await readAll(a, getParsed(), ctx, state);
        for (const m of again.messages) {
          if (m.type !== 'record') continue;
          const h = before.get(`${m.stream} ${m.key}`);
          if (h === undefined) throw new ContractError('re-read', `new record ${m.stream}/${m.key} on a re-read of an unchanged source`);
          if (h !== contentHash(m.data)) throw new ContractError('re-read', `record ${m.stream}/${m.key} changed on a re-read of an unchanged source (is some value not stable, like a time?)`);
        }
      },
    },
  ];
}

export async function runContract<C>(fx: ContractFixture<C>): Promise<ContractCheck[]> {
  const out: ContractCheck[] = [];
  for (const c of contractChecks(fx)) {
    try {
      await c.run();
      out.push({ name: c.name, ok: true });
    } catch (e) {
      out.push({ name: c.name, ok: false, error: (e as Error).message });
    }
  }
  return out;
}

export async function assertContract<C>(fx: ContractFixture<C>): Promise<void> {
  for (const c of contractChecks(fx)) await c.run();
}

/** registers the checks as tests: `contractTests(fixture, { describe, it })` (fixture may be built lazily) */
export function contractTests<C>(
  fixture: ContractFixture<C> | (() => ContractFixture<C> | Promise<ContractFixture<C>>),
  t: { describe: (name: string, fn: () => void) => void; it: (name: string, fn: () => Promise<void>) => void },
  name?: string,
): void {
  let checks: Promise<Check[]> | undefined;
  const get = () => (checks ??= Promise.resolve(typeof fixture === 'function' ? fixture() : fixture).then((fx) => contractChecks(fx)));
  const names = [
    'spec is valid: a zod schema with name, version and description, that parses the fixture config and exports as JSON Schema',
    'check passes on the good config',
    'check fails clearly on bad config (the spec names the field, or check says why)',
    'discover lists streams, each with a primary key',
    'read of the fixture gives the expected records (and quarantines, not drops, bad rows)',
    'a re-read with the saved state gives nothing new',
  ];
  t.describe(`adapter contract${name ? `: ${name}` : typeof fixture === 'function' ? '' : `: ${fixture.adapter.name}`}`, () => {
    names.forEach((n, i) =>
      t.it(n, async () => {
        const cs = await get();
        await cs[i]!.run();
      }),
    );
  });
}

export type { SourceAdapter, DefinedAdapter, AdapterMessage, AdapterContext, AdapterContextInit, StreamSpec } from './contract.js';
export { defineAdapter } from './define.js';
