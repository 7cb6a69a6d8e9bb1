// Describes adapters for `yimen adapters list`: name, version, streams and config fields, read
// from each adapter's zod spec (as JSON Schema), so the listing never drifts from the code.
import { z } from 'zod';
import type { SourceAdapter } from '../sdk/index.js';

export interface ConfigField {
  path: string;
  type: string;
  required: boolean;
  default?: unknown;
  description?: string;
}

export interface AdapterDescription {
  name: string;
  version: string;
  description: string;
  source: string;
  streams: string[];
  fields: ConfigField[];
  schema: unknown;
}

type JS = { type?: string | string[]; properties?: Record<string, JS>; required?: string[]; items?: JS; oneOf?: JS[]; anyOf?: JS[]; description?: string; default?: unknown; const?: unknown; enum?: unknown[] };

function typeOf(s: JS): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((e) => JSON.stringify(e)).join(' | ');
  if (s.oneOf || s.anyOf) return (s.oneOf ?? s.anyOf)!.map(typeOf).join(' | ');
  if (s.type === 'array') return `${s.items ? typeOf(s.items) : 'any'}[]`;
  if (Array.isArray(s.type)) return s.type.join(' | ');
  return s.type ?? 'any';
}

export function flattenSchema(schema: JS, prefix = '', required = true, out: ConfigField[] = []): ConfigField[] {
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants && variants.every((v) => v.type === 'object')) {
    // a discriminated union: list each variant's fields under its discriminator value
    for (const v of variants) {
      const disc = Object.entries(v.properties ?? {}).find(([, p]) => p.const !== undefined);
      const tag = disc ? `${prefix}{${disc[0]}: ${String(disc[1].const)}}` : prefix;
      flattenSchema({ ...v, description: undefined }, tag, required, out);
    }
    return out;
  }
  if (schema.type === 'object' && schema.properties) {
    for (const [k, p] of Object.entries(schema.properties)) {
      const path = prefix ? `${prefix}.${k}` : k;
      const req = required && (schema.required ?? []).includes(k);
      const pv = p.oneOf ?? p.anyOf;
      if ((p.type === 'object' && p.properties) || (pv && pv.every((v) => v.type === 'object'))) {
        out.push({ path, type: 'object', required: req, default: p.default, description: p.description });
        flattenSchema(p, path, req, out);
      } else if (p.type === 'array' && p.items?.type === 'object' && p.items.properties) {
        out.push({ path: `${path}[]`, type: 'object[]', required: req, default: p.default, description: p.description });
        flattenSchema(p.items, `${path}[]`, true, out);
      } else {
        out.push({ path, type: typeOf(p), required: req && p.default === undefined, default: p.default, description: p.description });
      }
    }
  }
  return out;
}

export function describeAdapter(a: SourceAdapter<any>, source: string): AdapterDescription {
  let schema: unknown = {};
  let fields: ConfigField[] = [];
  try {
    schema = z.toJSONSchema(a.spec as z.ZodType, { io: 'input', unrepresentable: 'any' });
    fields = flattenSchema(schema as JS);
  } catch {
    // a third-party spec zod cannot express as JSON Schema: list the adapter without fields
  }
  return { name: a.name, version: a.version, description: a.description, source, streams: a.streams ?? [], fields, schema };
}
