// The adapters a workspace can use: the built-ins and the third-party ones named in yimen.yaml.
import { BUILTIN_ADAPTERS, loadAdapter } from './registry.js';
import { describeAdapter, type AdapterDescription } from './describe.js';

export async function listAdapters(root: string, configured: Record<string, string> = {}): Promise<AdapterDescription[]> {
  const out = Object.values(BUILTIN_ADAPTERS).map((a) => describeAdapter(a, 'built-in'));
  for (const [name, spec] of Object.entries(configured)) {
    if (BUILTIN_ADAPTERS[name]) continue;
    const a = await loadAdapter(name, root, configured);
    out.push(describeAdapter(a, spec));
  }
  return out;
}
