// Task types arrive as national codes ("01"), portal numbers ("1"), or labels ("行政许可"):
// one 2-digit code for comparing them.
import { TASK_TYPES } from './enums.js';

const BY_LABEL = new Map<string, string>(Object.entries(TASK_TYPES).map(([code, label]): [string, string] => [label, code]));

export function taskTypeCode(t: { code?: string; label?: string } | string | undefined): string | undefined {
  if (t === undefined) return undefined;
  const code = typeof t === 'string' ? t : t.code;
  const label = typeof t === 'string' ? t : t.label;
  if (code && /^\d{1,2}$/.test(code.trim())) {
    const c = code.trim().padStart(2, '0');
    if (c in TASK_TYPES) return c;
  }
  if (label) {
    const l = label.trim();
    const exact = BY_LABEL.get(l);
    if (exact) return exact;
    for (const [lab, c] of BY_LABEL) if (l.includes(lab)) return c;
  }
  return undefined;
}

export function taskTypeLabel(code: string | undefined): string | undefined {
  return code ? (TASK_TYPES as Record<string, string>)[code] : undefined;
}
