// yimen init [DIR]: writes a commented starter workspace, or copies a bundled example
// (--example jiangsu). Refuses to overwrite an existing yimen.yaml unless --force.
import { Args, Flags } from '@oclif/core';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { BaseCommand } from '../cli/base-command.js';
import { YimenError, UsageError, ExitCode } from '../errors.js';
import { CONFIG_FILE, workspacePaths } from '../workspace/paths.js';
import { loadWorkspace } from '../workspace/loader.js';
import { appendEvent } from '../store/open.js';
import { bundledExamples, bundledExamplesDir, starterFiles } from '../workspace/template.js';

export interface InitResult {
  dir: string;
  example?: string;
  files: string[];
  overwritten: boolean;
  apps: string[];
  nextSteps: string[];
}

export default class Init extends BaseCommand {
  static description = 'create a workspace: a commented starter yimen.yaml with a sample app, or a copy of a bundled example';
  static examples = [
    '<%= config.bin %> init',
    '<%= config.bin %> init ./jiangsu-2027',
    '<%= config.bin %> init --example jiangsu ./demo',
    '<%= config.bin %> init ./jiangsu-2027 --force',
  ];
  static args = {
    dir: Args.string({ description: 'folder to create the workspace in (created if missing); default: --workspace, else the current folder' }),
  };
  static flags = {
    example: Flags.string({ description: 'copy a bundled example instead of the starter (e.g. jiangsu)' }),
    force: Flags.boolean({ description: 'overwrite an existing yimen.yaml (and the files init writes); other files are left alone', default: false }),
  };

  async run(): Promise<InitResult> {
    const { args, flags } = await this.parse(Init);
    // DIR, else --workspace (or YIMEN_WORKSPACE), else here
    const dir = resolve(args.dir ?? flags.workspace ?? '.');
    if (existsSync(dir) && !statSync(dir).isDirectory()) {
      throw new UsageError(`${args.dir} is a file, not a folder`, 'give a folder for the workspace (it is created if missing)');
    }
    const paths = workspacePaths(dir);
    const existed = existsSync(paths.config);
    if (existed && !flags.force) {
      throw new YimenError('E_EXISTS', `${relative(process.cwd(), paths.config) || CONFIG_FILE} already exists: not overwriting it`, {
        hint: 'pass --force to overwrite it, or choose another folder',
        exitCode: ExitCode.usage,
      });
    }

    // what init will write: the starter's files, or the example's
    let plan: Array<{ rel: string; from?: string; text?: string }>;
    if (flags.example) {
      const available = bundledExamples();
      if (!available.includes(flags.example)) {
        throw new UsageError(`no bundled example "${flags.example}"`, available.length ? `examples: ${available.join(', ')}` : `no examples found in ${bundledExamplesDir()}`);
      }
      const src = join(bundledExamplesDir(), flags.example);
      plan = exampleFiles(src).map((rel) => ({ rel, from: join(src, rel) }));
    } else {
      plan = Object.entries(starterFiles()).map(([rel, text]) => ({ rel, text }));
    }
    // never overwrite someone's export or profile by surprise
    const clashes = plan.filter((f) => existsSync(join(dir, f.rel)) && !sameContent(join(dir, f.rel), f));
    if (clashes.length && !flags.force) {
      const names = clashes.map((f) => f.rel);
      throw new YimenError('E_EXISTS', `${names.length} file(s) init would write already exist: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ' …' : ''}`, {
        hint: 'pass --force to overwrite them, or choose another folder',
        exitCode: ExitCode.usage,
      });
    }
    for (const f of plan) {
      const file = join(dir, f.rel);
      mkdirSync(dirname(file), { recursive: true });
      if (f.from) copyFileSync(f.from, file);
      else writeFileSync(file, f.text!);
    }
    const files = plan.map((f) => f.rel);

    // the new workspace must load: a starter that does not validate is a bug, say so plainly
    const ws = await loadWorkspace(dir);
    const actor = this.actor(flags);
    appendEvent(paths.db, {
      actor,
      action: 'init',
      entity: 'workspace',
      summary: `${existed ? 're-initialised' : 'initialised'} ${flags.example ? `from the bundled example ${flags.example}` : 'from the starter template'}: ${ws.config.apps.length} app(s)`,
      details: { example: flags.example, files, overwritten: existed },
    });

    const here = relative(process.cwd(), dir);
    const w = here ? ` -w ${here.includes(' ') ? JSON.stringify(here) : here}` : '';
    const nextSteps = flags.example
      ? [`yimen run${w}            # extract, map, decide, publish, plan redirects`, `yimen status${w}         # where each app stands`, `yimen log${w}            # who did what`]
      : [
          `edit ${join(here, CONFIG_FILE) || CONFIG_FILE}: your unified app, base catalog and retiring apps`,
          `put each app's export in ${join(here, 'exports') || 'exports'}${sep} and describe its columns in a profile (${join(here, 'profiles', 'myapp.yaml')})`,
          `yimen run${w}            # extract, map, decide, publish, plan redirects`,
          `yimen status${w}         # where each app stands`,
        ];
    this.log(
      `${existed ? 'Re-initialised' : 'Created'} a yimen workspace in ${dir}${flags.example ? ` (example: ${flags.example})` : ''}: ` +
        `${files.length} files, apps: ${ws.config.apps.map((a) => a.id).join(', ')}`,
    );
    this.log('\nNext steps:');
    for (const s of nextSteps) this.log(`  ${s}`);
    return { dir, example: flags.example, files, overwritten: existed, apps: ws.config.apps.map((a) => a.id), nextSteps };
  }
}

/** An example's files (not its state or outputs), as paths relative to it with "/" separators. */
function exampleFiles(src: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const rel = relative(src, p);
      const top = rel.split(sep)[0];
      if (top === '.yimen' || top === 'out') continue;
      if (statSync(p).isDirectory()) walk(p);
      else out.push(rel.split(sep).join('/'));
    }
  };
  walk(src);
  return out.sort();
}

function sameContent(file: string, f: { from?: string; text?: string }): boolean {
  const have = readFileSync(file);
  return f.from ? have.equals(readFileSync(f.from)) : have.equals(Buffer.from(f.text!, 'utf8'));
}
