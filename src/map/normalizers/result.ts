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

