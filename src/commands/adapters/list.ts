// `yimen adapters list`: the adapters this workspace can use, with their streams and config fields.
import { Flags } from '@oclif/core';
import { existsSync } from 'node:fs';
import { BaseCommand } from '../../cli/base-command.js';
import { renderTable } from '../../cli/render.js';
import { listAdapters } from '../../extract/adapters.js';
import type { AdapterDescription } from '../../extract/describe.js';
import { findWorkspaceRoot, workspacePaths } from '../../workspace/paths.js';

export default class AdaptersList extends BaseCommand {
  static description = 'list the source adapters: built-in and third-party ones named in yimen.yaml, with their streams and config fields';
  static examples = ['<%= config.bin %> adapters list', '<%= config.bin %> adapters list --fields', '<%= config.bin %> adapters list --json'];
  static flags = {
    fields: Flags.boolean({ description: 'show every config field of each adapter' }),
  };

  async run(): Promise<{ adapters: AdapterDescription[] }> {
    const { flags } = await this.parse(AdaptersList);
    const root = findWorkspaceRoot(flags.workspace);
    const configured = existsSync(workspacePaths(root).config) ? await this.workspace(flags, { checkFiles: false }).then((ws) => ws.config.adapters) : {};
    const adapters = await listAdapters(root, configured);
    this.log(
      renderTable(
        ['adapter', 'version', 'from', 'streams', 'config fields'],
        adapters.map((a) => [a.name, a.version, a.source, a.streams.join(', '), topFields(a)]),
      ),
    );
    if (flags.fields) {
      for (const a of adapters) {
        this.log(`\n${a.name}: ${a.description}`);
        this.log(
          renderTable(
            ['field', 'type', 'required', 'default', 'description'],
            a.fields.map((f) => [f.path, f.type, f.required ? 'yes' : '', f.default === undefined ? '' : JSON.stringify(f.default), f.description ?? '']),
          ),
        );
      }
    } else this.log('`yimen adapters list --fields` shows every config field');
    return { adapters };
  }
}

function topFields(a: AdapterDescription): string {
  const top = a.fields.filter((f) => !f.path.includes('.'));
  const nested = new Map<string, string[]>();
  for (const f of a.fields) {
    const m = /^([^.]+)\.([^.{]+)$/.exec(f.path);
    if (m) nested.set(m[1]!, [...(nested.get(m[1]!) ?? []), m[2]!]);
  }
  return top.map((f) => (nested.has(f.path) ? `${f.path} {${nested.get(f.path)!.join(', ')}}` : f.path)).join('; ');
}
