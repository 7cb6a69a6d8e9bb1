// Codes as cells carry them: full-width characters, spaces, lower case, Excel's numbers (which
// lose leading zeros and, past 15 digits, the last digits) → the code as a string, upper case.
import { normalizeCode } from '../../codes/uscc.js';
import { none, ok, warn, type Normalized } from './result.js';
import { textOf } from '../../text/index.js';

export { normalizeCode };

export function parseCode(v: unknown): Normalized<string> {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) return warn('code-precision-lost', `the code ${v} was stored as a number and has lost digits: format the column as text in the source`, String(v));
    return ok(String(v));
  }
  const raw = textOf(v);
  if (raw === undefined) return none();
  const t = normalizeCode(raw);
  if (/^\d(\.\d+)?E\+\d+$/.test(t)) return warn('code-precision-lost', `the code "${raw}" was exported in scientific notation and has lost digits`, t);
  return ok(t);
}
