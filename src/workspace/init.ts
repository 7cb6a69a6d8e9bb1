// `yimen init`'s work: writes a commented starter workspace, or copies a bundled example, into a
// folder; refuses to overwrite an existing yimen.yaml (or a file it would write) unless forced;
// checks that the new workspace loads and records the init in its event log.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { YimenError, UsageError, ExitCode } from '../errors.js';
import { appendEvent } from '../store/open.js';
import { loadWorkspace } from './loader.js';
import { CONFIG_FILE, workspacePaths } from './paths.js';
import { bundledExamples, bundledExamplesDir, starterFiles } from './template.js';

export interface InitOptions {
  /** the folder (created if missing) */
  dir: string;
  /** a bundled example to copy instead of the starter */
  example?: string;
  force?: boolean;
  actor: string;
  /** where paths in messages and next steps are relative to (default: the current folder) */
  cwd?: string;
}

export interface InitResult {
  dir: string;
  example?: string;
  files: string[];
  overwritten: boolean;
  apps: string[];
  nextSteps: string[];
}

export async function initWorkspace(opts: InitOptions): Promise<InitResult> {
  const cwd = opts.cwd ?? process.cwd();
  const dir = resolve(cwd, opts.dir);
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new UsageError(`${opts.dir} is a file, not a folder`, 'give a folder for the workspace (it is created if missing)');
  }
  const paths = workspacePaths(dir);
  const existed = existsSync(paths.config);
  if (existed && !opts.force) {
    throw new YimenError('E_EXISTS', `${relative(cwd, paths.config) || CONFIG_FILE} already exists: not overwriting it`, {
      hint: 'pass --force to overwrite it, or choose another folder',
      exitCode: ExitCode.usage,
    });
  }

  const plan = initPlan(opts.example);
  // never overwrite someone's export or profile by surprise
  const clashes = plan.filter((f) => existsSync(join(dir, f.rel)) && !sameContent(join(dir, f.rel), f));
  if (clashes.length && !opts.force) {
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
  appendEvent(paths.db, {
    actor: opts.actor,
    action: 'init',
    entity: 'workspace',
    summary: `${existed ? 're-initialised' : 'initialised'} ${opts.example ? `from the bundled example ${opts.example}` : 'from the starter template'}: ${ws.config.apps.length} app(s)`,
    details: { example: opts.example, files, overwritten: existed },
  });
  return { dir, example: opts.example, files, overwritten: existed, apps: ws.config.apps.map((a) => a.id), nextSteps: nextSteps(relative(cwd, dir), opts.example) };
}

/** What init writes: the starter's files, or the example's. */
function initPlan(example: string | undefined): Array<{ rel: string; from?: string; text?: string }> {
  if (!example) return Object.entries(starterFiles()).map(([rel, text]) => ({ rel, text }));
  const available = bundledExamples();
  if (!available.includes(example)) {
    throw new UsageError(`no bundled example "${example}"`, available.length ? `examples: ${available.join(', ')}` : `no examples found in ${bundledExamplesDir()}`);
  }
  const src = join(bundledExamplesDir(), example);
  return exampleFiles(src).map((rel) => ({ rel, from: join(src, rel) }));
}

function nextSteps(here: string, example: string | undefined): string[] {
  const w = here ? ` -w ${here.includes(' ') ? JSON.stringify(here) : here}` : '';
  return example
    ? [`yimen run${w}            # extract, map, decide, publish, plan redirects`, `yimen status${w}         # where each app stands`, `yimen log${w}            # who did what`]
    : [
        `edit ${join(here, CONFIG_FILE) || CONFIG_FILE}: your unified app, base catalog and retiring apps`,
        `put each app's export in ${join(here, 'exports') || 'exports'}${sep} and describe its columns in a profile (${join(here, 'profiles', 'myapp.yaml')})`,
        `yimen run${w}            # extract, map, decide, publish, plan redirects`,
        `yimen status${w}         # where each app stands`,
      ];
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
