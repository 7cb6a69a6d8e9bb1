// Turns zod issues into messages a user can act on: the path in the file, what was expected.
import type { z } from 'zod';

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(top level)';
}

/** `data` is what was parsed: zod 4 does not carry the offending value, so it is looked up there. */
export function describeIssue(issue: z.core.$ZodIssue, data?: unknown): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_type': {
      const found = valueAt(data, issue.path);
      if (!found.present || found.value === undefined) return `missing: expected ${issue.expected}`;
      return `expected ${issue.expected}, got ${typeOf(found.value)}`;
    }
    default:
      return issue.message;
  }
}

function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): { present: boolean; value?: unknown } {
  let cur: unknown = data;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object' || !(k in (cur as object))) return { present: false };
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return { present: true, value: cur };
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}
