import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    // the package's self-reference (`yimen/sdk`, as adapters import it) resolves to the sources
    alias: [
      { find: /^yimen\/sdk\/testkit$/, replacement: src('sdk/testkit.ts') },
      { find: /^yimen\/testkit$/, replacement: src('sdk/testkit.ts') },
      { find: /^yimen\/sdk$/, replacement: src('sdk/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // oclif writes through console; vitest must not swallow it (STACK.md)
    disableConsoleIntercept: true,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
