// `yimen catalog import [FILE]`: the base catalog the unified app already lists.
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { renderCatalogImport } from '../../cli/format/catalog.js';
import { importCatalog, type CatalogImportSummary } from '../../catalog/import.js';

export default class CatalogImport extends BaseCommand {
  static description = 'import the base catalog (CSV, XLSX or JSON): the services the unified app already lists; `yimen decide` then re-checks earlier decisions';
  static examples = [
    '<%= config.bin %> catalog import',
    '<%= config.bin %> catalog import catalog/base-catalog.xlsx',
    '<%= config.bin %> catalog import items.json --json',
    '<%= config.bin %> catalog import --from-target   # GET /catalog/items of the http target',
  ];
  static flags = {
    'from-target': Flags.boolean({ description: 'read the base catalog from the http target (GET /catalog/items, paged) instead of a file' }),
  };
  static args = {
    file: Args.string({ description: 'the catalog file; default: catalog.source in yimen.yaml' }),
  };

  async run(): Promise<CatalogImportSummary> {
    const { args, flags } = await this.parse(CatalogImport);
    const ws = await this.workspace(flags, { checkFiles: !args.file && !flags['from-target'] });
    const s = await importCatalog(ws, this.store(ws), { actor: this.actor(flags), file: args.file, fromTarget: flags['from-target'] });
    this.log(renderCatalogImport(s));
    return s;
  }
}
