// Publish tests' workspace: one app (demo) whose services are seeded straight into the store,
// decided 'migrate' (the stages before publish are other tests' work). Built by the one fixture
// model (test/support/workspace.ts).
import { testWorkspace, workspaceAt, testService, seedServices, tempDir, type SeedOptions } from '../support/workspace.js';
import type { Store } from '../../src/store/store.js';

export function makeWorkspace(target: Record<string, unknown> = { type: 'local' }, dir = tempDir('yimen-pub-')): string {
  return testWorkspace({
    dir,
    programme: '测试',
    target,
    apps: [{ id: 'demo', name: '演示App', adapter: 'spreadsheet', config: { files: [{ path: 'exports/services.csv', key: '事项编号' }] }, profile: 'profiles/demo.yaml' }],
    files: { 'exports/services.csv': '事项编号,事项名称\n1,x\n' },
  }).root;
}

export const service = testService;

export function seed(dir: string, n: number, opts: SeedOptions = {}): void {
  workspaceAt(dir).seedServices(n, opts);
}

export function seedStore(store: Store, n: number, opts: SeedOptions = {}): void {
  seedServices(store, n, opts);
}
