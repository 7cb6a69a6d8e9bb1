// 统一社会信用代码 (GB 32100-2015) and the 9-character organisation code it embeds (GB 11714):
// charset, structure and check digits (DESIGN §7).
import { toHalfWidth } from '../text/index.js';

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // 31 characters: no I, O, S, V, Z
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]; // 3^i mod 31

export type UsccCheck =
  | {
      ok: true;
      code: string;
      region: string;
      registrar: string;
      kind: string;
      orgCode: string;
      /** positions 9–17 are a GB 11714 organisation code with its own check digit; false: that digit is wrong (a warning, the USCC's own check passed) */
      orgCodeOk: boolean;
      orgCodeExpected?: string;
    }
  | { ok: false; code: string; problem: 'length' | 'charset' | 'region' | 'check-digit'; message: string; expected?: string };

/**
 * A code as the checks read it: full-width folded (government exports mix ＡＢＣ１２３ into codes,
 * and a full-width "９" is not outside the charset, just typed wide), trimmed, upper case.
 */
export function codeForm(input: string): string {
  return toHalfWidth(input).trim().toUpperCase();
}

/** A code as it is stored (map's `code` transform, the catalog import): half-width, no spaces anywhere, upper case. */
export function normalizeCode(s: string): string {
  return toHalfWidth(s).replace(/[\s\u00a0\u200b]+/g, '').toUpperCase();
}

/** The check character a 17-character USCC body must end with, or undefined when the body has characters outside the charset. */
export function usccCheckChar(body17: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(body17[i]!);
    if (v < 0) return undefined;
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** Checks a USCC: 18 characters from the charset, with a correct check digit (position 18). */
export function checkUscc(input: string): UsccCheck {
  const code = codeForm(input);
  if (code.length !== 18) return { ok: false, code, problem: 'length', message: `a 统一社会信用代码 has 18 characters, "${code}" has ${code.length}` };
  const bad = [...code].find((c) => !USCC_CHARSET.includes(c));
  if (bad) return { ok: false, code, problem: 'charset', message: `"${code}" contains "${bad}", which a 统一社会信用代码 never uses (allowed: 0-9 and A-H J-N P Q R T U W X Y)` };
  // positions 3–8 are a GB/T 2260 region code: letters there pass the charset (and may even fit the check digit)
  if (!/^\d{6}$/.test(code.slice(2, 8))) {
    return { ok: false, code, problem: 'region', message: `positions 3–8 of 统一社会信用代码 "${code}" ("${code.slice(2, 8)}") must be a 6-digit region code (GB/T 2260)` };
  }
  const expected = usccCheckChar(code.slice(0, 17))!;
  if (expected !== code[17]) {
    return { ok: false, code, problem: 'check-digit', expected, message: `check digit of 统一社会信用代码 "${code}" is wrong: the first 17 characters require "${expected}", not "${code[17]}"` };
  }
  // GB 32100 embeds the organisation code (GB 11714) whole, its check digit included: a second check
  const orgCode = code.slice(8, 17);
  const orgExpected = orgCodeCheckChar(orgCode.slice(0, 8));
  const orgCodeOk = orgExpected === orgCode[8];
  return { ok: true, code, registrar: code[0]!, kind: code[1]!, region: code.slice(2, 8), orgCode, orgCodeOk, ...(orgCodeOk ? {} : { orgCodeExpected: orgExpected }) };
}

export function isValidUscc(code: string): boolean {
  return checkUscc(code).ok;
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The check character of an 8-character organisation code body (GB 11714): 0-9 or X. */
export function orgCodeCheckChar(body8: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8[i]!;
    const v = /[0-9]/.test(c) ? Number(c) : /[A-Z]/.test(c) ? c.charCodeAt(0) - 55 : -1;
    if (v < 0) return undefined;
    sum += v * ORG_WEIGHTS[i]!;
  }
  const r = 11 - (sum % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String(r);
}

/** Checks a 9-character organisation code (the older 组织机构代码), written "08337220-4" or "083372204". */
export function checkOrgCode(input: string): { ok: boolean; code: string; message?: string; expected?: string } {
  // the only hyphen the written form has sits before the check digit (12345678-9): 0-0877836X is no organisation code
  const written = codeForm(input);
  const code = /^[0-9A-Z]{8}-[0-9A-Z]$/.test(written) ? written.replace('-', '') : written;
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(code)) return { ok: false, code, message: `"${input}" is not a 9-character 组织机构代码` };
  const expected = orgCodeCheckChar(code.slice(0, 8));
  if (expected !== code[8]) return { ok: false, code, expected, message: `check digit of 组织机构代码 "${input}" is wrong: expected "${expected}"` };
  return { ok: true, code };
}
