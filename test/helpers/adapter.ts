// A one-stream adapter for tests: its read is the test's, everything else the minimum the
// contract asks (a `services` stream keyed by id, an empty spec, a check that passes).
import { z } from 'zod';
import { defineAdapter, type AdapterMessage, type AdapterContext } from 'yimen/sdk';

export function testAdapter(name: string, read: (state: Record<string, unknown>, ctx: AdapterContext) => AsyncIterable<AdapterMessage>) {
  return defineAdapter({
    name,
    version: '1.0.0',
    description: 'test',
    spec: z.object({}),
    async check() {
      return { ok: true };
    },
    async discover() {
      return [{ name: 'services', primaryKey: ['id'] }];
    },
    read: (_c, ctx, state) => read(state, ctx),
  });
}
