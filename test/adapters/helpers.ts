// Shared by the adapter tests: a fixture folder built once per file, and reading an adapter fully.
import type { SourceAdapter, AdapterMessage } from 'yimen/sdk';
import { readAll } from 'yimen/sdk/testkit';
import { buildFixtures } from '../fixtures/adapters/build.js';
import { tempDir } from '../helpers/cli.js';

export async function fixtureDir(): Promise<string> {
  return buildFixtures(tempDir('yimen-fx-'));
}

export async function read<C>(adapter: SourceAdapter<C>, raw: unknown, root: string, state: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}) {
  const logs: string[] = [];
  const config = adapter.spec.parse(raw);
  const { messages, state: after } = await readAll(adapter, config, { root, appId: 'test', env, log: { info: (m) => logs.push(m), warn: (m) => logs.push(`warn ${m}`) } }, state);
  const records = messages.filter((m): m is Extract<AdapterMessage, { type: 'record' }> => m.type === 'record');
  const quarantined = messages.filter((m): m is Extract<AdapterMessage, { type: 'quarantine' }> => m.type === 'quarantine');
  const of = (stream: string) => records.filter((r) => r.stream === stream);
  const byKey = (stream: string, key: string) => records.find((r) => r.stream === stream && r.key === key);
  return { messages, records, quarantined, of, byKey, state: after, logs };
}
