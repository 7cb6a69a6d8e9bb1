// Reads yimen.yaml the full way: YAML with line numbers, `${VAR}` from the environment, the zod
// schema. The loader imports this module only when the config cache (config-cache.ts) has no
// answer, so that commands like `status` start without loading yaml and zod.
import { existsSync, readFileSync } from 'node:fs';
import { parseDocument, type Document, LineCounter, Scalar, visit } from 'yaml';
import { ConfigError } from '../errors.js';
import { WorkspaceConfig } from './config.js';
import { describeIssue, formatPath } from './issues.js';
import { lineOf } from './config-lines.js';
import { CONFIG_FILE } from './paths.js';

export function parseYamlFile(file: string, displayName = file): { doc: Document; data: unknown; lc: LineCounter } {
  if (!existsSync(file)) {
    throw new ConfigError(displayName, undefined, 'file not found', `create it, or run \`yimen init\` for a starter workspace`);
  }
  return parseYamlText(readFileSync(file, 'utf8'), displayName);
}

/** parseYamlFile for text already read */
export function parseYamlText(text: string, displayName: string): { doc: Document; data: unknown; lc: LineCounter } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const line = lc.linePos(e.pos[0]).line;
    throw new ConfigError(`${displayName}:${line}`, undefined, `not valid YAML: ${e.message.split('\n')[0]}`, 'check indentation and quoting on that line');
  }
  return { doc, data: doc.toJS(), lc };
}

const VAR = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$\{([^}]*)\}/g;

/**
 * `${VAR}` and `${VAR:-default}` in string values (hosts, ports …) from the environment, before
 * validation; `$${` is a literal `${`. A whole plain value that becomes a number or a boolean is
 * one (`port: ${PORT:-8080}`). An unset variable without a default is a ConfigError naming the
 * line and the variable. Returns whether anything changed.
 */
export function interpolateEnv(doc: Document, lc: LineCounter, displayName: string, env: NodeJS.ProcessEnv): boolean {
  let changed = false;
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('${')) return;
      const src = node.value;
      const line = node.range ? lc.linePos(node.range[0]).line : undefined;
      const where = line ? `${displayName}:${line}` : displayName;
      const out = src.replace(VAR, (m, name: string | undefined, dflt: string | undefined, bad: string | undefined) => {
        if (m === '$${') return '${';
        if (!name) throw new ConfigError(where, undefined, `"\${${bad}}" is not a variable reference`, 'write ${NAME} or ${NAME:-default} (letters, digits, _), or $${ for a literal ${');
        const v = env[name];
        // shell semantics: ${A:-d} when A is unset or empty, ${A-d} only when unset
        const useDefault = dflt !== undefined && (v === undefined || (m.includes(':-') && v === ''));
        if (useDefault) return dflt;
        if (v === undefined) throw new ConfigError(where, undefined, `environment variable ${name} is not set (used as \${${name}})`, `export ${name}=… before running yimen, or give a default: \${${name}:-value}`);
        return v;
      });
      changed = true;
      const whole = node.type === Scalar.PLAIN && /^\$\{[^}]*\}$/.test(src.trim());
      if (whole && /^-?\d+(\.\d+)?$/.test(out)) node.value = Number(out);
      else if (whole && /^(true|false)$/.test(out)) node.value = out === 'true';
      else node.value = out;
    },
  });
  return changed;
}

/**
 * yimen.yaml's text parsed, interpolated and validated: the config with its defaults, and the
 * document for line numbers. The first problem is a ConfigError naming the line.
 */
export function parseWorkspaceConfig(text: string): { config: WorkspaceConfig; doc: Document; lc: LineCounter } {
  const parsed0 = parseYamlText(text, CONFIG_FILE);
  const { doc, lc } = parsed0;
  const data = interpolateEnv(doc, lc, CONFIG_FILE, process.env) ? doc.toJS() : parsed0.data;
  const parsed = WorkspaceConfig.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const line = lineOf(doc, lc, issue.path);
    throw new ConfigError(line ? `${CONFIG_FILE}:${line}` : CONFIG_FILE, formatPath(issue.path), describeIssue(issue, data), hintFor(issue.path));
  }
  return { config: parsed.data, doc, lc };
}

function hintFor(path: ReadonlyArray<PropertyKey>): string | undefined {
  const top = path[0];
  if (top === 'apps') return 'each app needs id, name, division, source {adapter, config}, profile; see `yimen init` for a commented example';
  if (top === 'unifiedApp') return 'unifiedApp needs name, serviceUrl (with {catalogCode}), noticeUrl and allowlist';
  if (top === 'target') return 'target.type is one of local, http, package';
  return 'see `yimen init` for a commented example of yimen.yaml';
}
