// Fuzz tests, as an attacker writes them: thousands of generated strings through the terminal
// escaper (no control character survives, printable text is unchanged) and the redactor (no secret
// byte survives, in any of its wire forms).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { terminalSafe } from '../../src/cli/format/table.js';
import { workspaceRedactor, redactText, secretForms } from '../../src/workspace/secrets.js';

// eslint-disable-next-line no-control-regex
const DANGEROUS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.constantFrom('\x1b', '[', '3', '1', 'm', '\x9b', '\u202e', '\u2066', '\r', '\x07', ']', '0', ';', '社', 'a', '\n', '\ud800', '\udc00'), maxLength: 60 }),
);

describe('terminalSafe', () => {
  it('leaves no control character, bidi override or lone surrogate in any string', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const out = terminalSafe(s);
        expect(DANGEROUS.test(out)).toBe(false);
        expect(out.includes('\x1b')).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });
  it('keeps printable text (Chinese, ASCII, newlines) exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('事', '项', 'a', 'Z', ' ', '\n', '\t', '（', '1', '😀') }), (s) => {
        expect(terminalSafe(s)).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });
  it('shows ESC as \\x1b', () => {
    expect(terminalSafe('a\x1b[2Jb')).toBe('a\\x1b[2Jb');
    expect(terminalSafe('\u202eevil')).toBe('\\u202eevil');
  });
});

describe('the workspace redactor', () => {
  const secret = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~+/='.split('')), minLength: 8, maxLength: 40 });
  it('masks every configured secret, in every wire form, wherever it appears', () => {
    fc.assert(
      fc.property(secret, secret, fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (token, pass, before, after) => {
        const config = { target: { type: 'http', tokenEnv: 'T_TOKEN' }, apps: [{ source: { auth: { username: 'ops', passwordEnv: 'T_PASS' } } }] };
        const redact = redactText(workspaceRedactor(config, { T_TOKEN: token, T_PASS: pass }));
        const forms = [...secretForms(token), ...secretForms(pass), ...secretForms(`ops:${pass}`)];
        for (const f of forms) {
          const out = redact(`${before}${f}${after} Authorization: Bearer ${token} Basic ${Buffer.from(`ops:${pass}`).toString('base64')}`);
          expect(out.includes(token)).toBe(false);
          expect(out.includes(pass)).toBe(false);
          expect(out.includes(Buffer.from(`ops:${pass}`).toString('base64'))).toBe(false);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
