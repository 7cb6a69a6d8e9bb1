// Line numbers in yimen.yaml (and other YAML files) for error messages: where a path inside the
// document starts. Types only from yaml here: a config from the cache parses its text on demand.
import { createRequire } from 'node:module';
import type { Document, LineCounter } from 'yaml';

export function lineOf(doc: Document, lc: LineCounter, path: ReadonlyArray<PropertyKey>): number | undefined {
  // walk as deep as the document goes, so a missing field points at its parent
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return lc.linePos(node.range[0]).line;
  }
  return undefined;
}

/**
 * Line numbers for a config that came from the cache: yimen.yaml's text is parsed only when an
 * error message asks for one. `yaml` is required synchronously (its Node entry is CommonJS, the same
 * instance an import gives) because configLine is synchronous.
 */
export function linesOf(text: string): (path: ReadonlyArray<PropertyKey>) => number | undefined {
  let parsed: { doc: Document; lc: LineCounter } | undefined;
  return (p) => {
    if (!parsed) {
      const yaml = createRequire(import.meta.url)('yaml') as typeof import('yaml');
      const lc = new yaml.LineCounter();
      parsed = { doc: yaml.parseDocument(text, { lineCounter: lc, prettyErrors: false }), lc };
    }
    return lineOf(parsed.doc, parsed.lc, p);
  };
}
