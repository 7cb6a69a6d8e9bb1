// The adapters a workspace can use: the built-ins and the third-party ones named in yimen.yaml.
import { builtinAdapters, isBuiltinAdapter, loadAdapter } from './registry.js';
import { describeAdapter, type AdapterDescription } from './describe.js';

export async function listAdapters(root: string, configured: Record<string, string> = {}): Promise<AdapterDescription[]> {
  const out = (await builtinAdapters()).map((a) => describeAdapter(a, 'built-in'));
  for (const [name, spec] of Object.entries(configured)) {
    if (isBuiltinAdapter(name)) continue;
    const a = await loadAdapter(name, root, configured);
    out.push(describeAdapter(a, spec));
  }
  return out;
}
