// `yimen adapters list`: the adapters this workspace can use, with their streams and config fields.
import { Flags } from '@oclif/core';
import { existsSync } from 'node:fs';
import { BaseCommand } from '../../cli/base-command.js';
import { renderAdapterList } from '../../cli/format/adapters.js';
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
    this.log(renderAdapterList(adapters, { fields: flags.fields }));
    return { adapters };
  }
}

