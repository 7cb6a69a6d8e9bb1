// Phone numbers to 区号-号码: "(0519)87654321" → "0519-87654321", "0519 8765 4321" → same,
// "051987654321" → same; mobiles and service hotlines (12345, 12315, 95xxx, 400/800) kept as is.
import { toHalfWidth } from '../../text/index.js';
import { none, ok, warn, type Normalized } from './result.js';
import { textOf } from '../../text/index.js';

// 3-digit area codes: 010 (Beijing) and 020–029; every other area code has 4 digits
const THREE_DIGIT_AREA = /^0(?:10|2\d)/;

/** One number; undefined when it does not look like a phone number. */
export function normalizeOnePhone(s: string): string | undefined {
  let t = toHalfWidth(s).trim().replace(/^(?:电话|咨询电话|投诉电话|联系电话|tel|TEL|Tel)[:：]?\s*/, '');
  // +86 drops the trunk 0 of an area code: +86 512 6301 4384 is 0512-63014384
  const intl = /^(?:\+|00)86[-\s]?/.exec(t);
  if (intl) {
    t = t.slice(intl[0].length);
    if (/^[2-9]/.test(t)) t = `0${t}`;
  }
  let ext = '';
  // an extension may be in brackets: 0512-63014384（转801）
  const e = /\s*(?:\(\s*(?:转|分机)\s*(\d{1,6})\s*\)|(?:转|分机|ext\.?|x)\s*(\d{1,6}))$/i.exec(t);
  if (e) {
    ext = `转${e[1] ?? e[2]}`;
    t = t.slice(0, e.index);
  }
  const paren = /^[(\[]\s*(0\d{2,3})\s*[)\]]\s*[-\s]?\s*(\d[\d\s-]{5,9}\d)$/.exec(t);
  if (paren) return `${paren[1]}-${paren[2]!.replace(/\D/g, '')}${ext}`;
  // a service hotline behind an area code: 0512-12329 (the city's 住房公积金 line)
  const hot = /^(0\d{2,3})[\s-]?(1\d{4})$/.exec(t);
  if (hot) return `${hot[1]}-${hot[2]}${ext}`;
  const digits = t.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits)) return undefined;
  // hotlines and short service numbers: 12345, 12315, 110, 95566, 400-xxx-xxxx
  if (/^(1\d{2}|1\d{4}|9\d{4,5})$/.test(digits)) return digits + ext;
  if (/^[48]00\d{7}$/.test(digits)) return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}${ext}`;
  if (/^1[3-9]\d{9}$/.test(digits)) return digits + ext;
  if (/^0\d{9,11}$/.test(digits)) {
    // with its area code: split as written if there was a separator, else by the area-code rule
    const written = /^(0\d{2,3})[\s-]+(\d[\d\s]{5,9})$/.exec(t);
    if (written) return `${written[1]}-${written[2]!.replace(/\s/g, '')}${ext}`;
    const n = THREE_DIGIT_AREA.test(digits) ? 3 : 4;
    const local = digits.slice(n);
    if (local.length < 7 || local.length > 8) return undefined;
    return `${digits.slice(0, n)}-${local}${ext}`;
  }
  if (/^[2-9]\d{6,7}$/.test(digits)) return digits + ext; // a local number without its area code
  return undefined;
}

// a phone number inside running text: with its area code (bracketed or not), a mobile, 400/800,
// a hotline, or a bare local number; an extension may follow
const PHONE_IN_TEXT =
  /(?:(?:\+|00)86[-\s]?)?(?:[(（]\s*0\d{2,3}\s*[)）]\s*-?\s*\d[\d\s]{5,9}\d|0\d{2,3}[-\s]*\d[\d\s-]{5,10}\d|1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}|[48]00[-\s]?\d{3}[-\s]?\d{4}|(?<![\d.])1\d{4}(?![\d:])|(?<![\d.])9\d{4,5}(?![\d:])|(?<![\d.:-])[2-8]\d{6,7}(?![\d:]))(?:\s*(?:转|分机)\s*\d{1,6}|\s*[(（]\s*(?:转|分机)\s*\d{1,6}\s*[)）])?/g;
// what may surround numbers in a phone cell without being information we drop
const PHONE_WORDS = /(咨询|投诉|监督|联系|服务|办公|值班|举报|政务服务便民|便民|政务|热线|电话|号码|座机|手机|传真|tel|Tel|TEL)/g;

/** A phone cell (one number or several, separated by 、；;，/ or 或, possibly with labels and notes) → numbers joined with "; ". */
export function parsePhone(v: unknown): Normalized<string> {
  if (typeof v === 'number') v = String(v);
  const raw = textOf(v);
  if (raw === undefined) return none();
  const text = toHalfWidth(raw).replace(/[—–－‐]/g, '-');
  // the plain case: every part is a number
  const parts = text
    .split(/[、;；,，/|]|或|\s{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  const plain = parts.map(normalizeOnePhone);
  if (plain.every((n) => n !== undefined)) return ok(plain.join('; '));
  // numbers inside text: "咨询电话：0512-63014384 投诉电话：12345", "0512-63014384（工作日）"
  const found: string[] = [];
  let residue = text;
  for (const m of text.matchAll(PHONE_IN_TEXT)) {
    const n = normalizeOnePhone(m[0]);
    if (n && !found.includes(n)) found.push(n);
    if (n) residue = residue.replace(m[0], ' ');
  }
  if (!found.length) return warn('phone-unparsed', `not a phone number: "${raw}"`, raw);
  residue = residue
    // notes in brackets go (（工作日）), but not an extension we could not read (（转801、802）)
    .replace(/[(（【\[](?![^)）】\]]*(?:转|分机))[^)）】\]]*[)）】\]]/g, ' ')
    .replace(PHONE_WORDS, ' ')
    .replace(/[\s:：、;；,，/|.。或和及-]+/g, '');
  if (residue) return warn('phone-partly-unparsed', `part of the phone cell is not a phone number: "${residue}" in "${raw}"`, found.join('; '));
  return ok(found.join('; '));
}
