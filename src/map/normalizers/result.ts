// What a normalizer returns: a value, or nothing, plus findings the validator turns into issues.

export interface Finding {
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

export interface Normalized<T> {
  /** undefined: the source said nothing usable (empty, or not understood; then a finding says why) */
  value?: T;
  findings?: Finding[];
}

export const ok = <T>(value: T): Normalized<T> => ({ value });
export const none = <T>(): Normalized<T> => ({});
export const warn = <T>(code: string, message: string, value?: T): Normalized<T> => ({
  value,
  findings: [{ severity: 'warning', code, message }],
});
export const fail = <T>(code: string, message: string): Normalized<T> => ({ findings: [{ severity: 'error', code, message }] });

/** The text of a cell, or undefined when it is empty (null, '', whitespace, a lone dash or slash). */
export function textOf(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  if (typeof v === 'object') return undefined;
  const s = String(v).replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, ' ').trim();
  if (!s || /^[-—–/／\\]+$/.test(s)) return undefined;
  return s;
}
