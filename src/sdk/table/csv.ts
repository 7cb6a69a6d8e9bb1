// A streaming CSV/TSV splitter for large exports (RFC 4180, with the leniency real exports need).
// Why our own and not csv-parse: extract must run a million-row export at ≥ 50,000 rows/s, and
// csv-parse's per-character state machine spends most of that budget; this splitter takes the fast
// path (one native split per line) for the common line without quotes and falls back to a scanner
// for quoted fields. Lenient like csv-parse's relax options: a quote inside an unquoted field is
// text; text after a closing quote is kept; rows may have any number of cells. A record that cannot
// be read (a quote never closed, a record over the size limit) comes out as an error for that line
// and parsing resumes on the next line: nothing is silently lost, nothing hangs.

export type CsvRow = { line: number; cells: string[]; raw?: string } | { line: number; error: string; raw?: string };

/** what `check` is told about a record that spans lines or that needed leniency to read */
export interface RecordInfo {
  line: number;
  /** lines the record spans */
  lines: number;
  /** text after a closing quote, or a quote inside an unquoted field, was kept */
  lenient: boolean;
}

export interface CsvOptions {
  delimiter?: string;
  /** a record longer than this (characters) is an error (default 1,000,000) */
  maxRecordChars?: number;
  /**
   * Strict reading: called for every record that spans lines or needed leniency; `false` says the
   * record is not what it seems (a quote never closed swallowed the lines after it), so its first
   * line becomes an error row and reading resynchronises on the line after it.
   */
  check?: (cells: string[], info: RecordInfo) => boolean;
  /** keep each record's raw text (for error rows and quarantine) */
  raw?: boolean;
}

export class CsvSplitter {
  private buf = '';
  private pos = 0;
  private line = 1;
  private first = true;
  private skipping = false;
  private crOnly = false;
  private eolKnown = false;
  private readonly d: string;
  private readonly max: number;
  private readonly check: CsvOptions['check'];
  private readonly keepRaw: boolean;

  constructor(opts: CsvOptions = {}) {
    this.check = opts.check;
    this.keepRaw = opts.raw ?? false;
    this.d = opts.delimiter ?? ',';
    if (this.d.length !== 1 || this.d === '"' || this.d === '\n' || this.d === '\r') throw new Error(`bad CSV delimiter ${JSON.stringify(this.d)}`);
    this.max = opts.maxRecordChars ?? 1_000_000;
  }

  /** feeds a chunk; returns the rows completed by it */
  push(chunk: string, out: CsvRow[] = []): CsvRow[] {
    if (this.first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      if (chunk.length) this.first = false;
    }
    let pending = this.pos < this.buf.length ? this.buf.slice(this.pos) : '';
    if (!this.eolKnown) {
      // old Mac exports end lines with a lone CR: decide on the first line end seen
      if (chunk.indexOf('\n') >= 0) this.eolKnown = true;
      else if (/\r[^\n]/.test(pending + chunk)) {
        this.eolKnown = true;
        this.crOnly = true;
        pending = pending.replace(/\r/g, '\n');
      }
    }
    if (this.crOnly) chunk = chunk.replace(/\r/g, '\n');
    if (pending) {
      // the line the last chunk left unfinished, completed by this one's first line: split on its
      // own, when neither part has a quote, so the chunk is read where it lies. Joining the two
      // made V8 copy the whole chunk (about 32 KB) into a new string for every chunk decoded.
      const nl = chunk.indexOf('\n');
      if (nl >= 0 && pending.indexOf('"') < 0 && chunk.lastIndexOf('"', nl) < 0) {
        this.buf = pending + chunk.slice(0, nl + 1);
        this.pos = 0;
        this.run(false, out);
        pending = '';
        chunk = chunk.slice(nl + 1);
        if (!chunk) {
          this.buf = '';
          return out;
        }
      }
    }
    this.buf = pending ? pending + chunk : chunk;
    this.pos = 0;
    this.run(false, out);
    return out;
  }

  /** ends the input; returns the last rows */
  end(out: CsvRow[] = []): CsvRow[] {
    this.run(true, out);
    this.buf = '';
    this.pos = 0;
    return out;
  }

  private run(final: boolean, out: CsvRow[]): void {
    const buf = this.buf;
    const len = buf.length;
    const d = this.d;
    // the next quote at or after pos, found once per quote rather than once per line: in a file
    // without quotes a search per line would scan to the end of the chunk every time
    let q = -1;
    while (this.pos < len) {
      const pos = this.pos;
      if (this.skipping) {
        const nl = buf.indexOf('\n', pos);
        if (nl < 0) {
          this.pos = len;
          return;
        }
        this.pos = nl + 1;
        this.line++;
        this.skipping = false;
        continue;
      }
      const nl = buf.indexOf('\n', pos);
      if (nl < 0 && !final) {
        if (len - pos > this.max && buf.indexOf('"', pos) < 0) {
          out.push({ line: this.line, error: `a line longer than ${this.max} characters`, raw: buf.slice(pos, pos + 200) + '…' });
          this.skipping = true;
          this.pos = len;
        }
        return; // wait for the rest of the line
      }
      const end = nl < 0 ? len : nl;
      if (q < pos && q !== len) {
        q = buf.indexOf('"', pos);
        if (q < 0) q = len;
      }
      if (q > end || q === len) {
        // the fast path: a line without quotes
        const lineText = buf.slice(pos, end > pos && buf.charCodeAt(end - 1) === 13 ? end - 1 : end);
        out.push(this.keepRaw ? { line: this.line, cells: lineText.split(d), raw: lineText } : { line: this.line, cells: lineText.split(d) });
        this.pos = end + 1;
        this.line++;
        continue;
      }
      const r = this.scan(buf, pos, final);
      if (r === 'more') {
        if (len - pos > this.max) {
          out.push({ line: this.line, error: `a record longer than ${this.max} characters (a quote never closed?)`, raw: firstLine(buf, pos) });
          this.resumeAfterLine(buf, pos);
          continue;
        }
        return;
      }
      if (r === 'unclosed') {
        out.push({ line: this.line, error: 'a quote opened on this line is never closed: the record is unreadable', raw: firstLine(buf, pos) });
        this.resumeAfterLine(buf, pos);
        continue;
      }
      let lines = 1;
      for (let i = buf.indexOf('\n', pos); i >= 0 && i < r.next - 1; i = buf.indexOf('\n', i + 1)) lines++;
      if (this.check && (lines > 1 || r.lenient) && !this.check(r.cells, { line: this.line, lines, lenient: r.lenient })) {
        if (lines > 1) {
          // a quote never closed took the lines after it: give up this line only and read on
          out.push({ line: this.line, error: `a quote opened on this line is not closed where the record should end (it ran over ${lines} lines): the record is unreadable`, raw: firstLine(buf, pos) });
          this.resumeAfterLine(buf, pos);
          continue;
        }
      }
      out.push(this.keepRaw ? { line: this.line, cells: r.cells, raw: stripCr(buf.slice(pos, r.next).replace(/\n$/, '')) } : { line: this.line, cells: r.cells });
      this.line += lines;
      this.pos = r.next;
    }
  }

  /** after an unreadable record: go on with the line after its first line */
  private resumeAfterLine(buf: string, pos: number): void {
    const nl = buf.indexOf('\n', pos);
    if (nl < 0) {
      this.pos = buf.length;
      this.skipping = true;
      return;
    }
    this.pos = nl + 1;
    this.line++;
  }

  /** scans one record with quotes from pos; 'more' when the buffer ends inside it */
  private scan(buf: string, pos: number, final: boolean): { cells: string[]; next: number; lenient: boolean } | 'more' | 'unclosed' {
    const d = this.d;
    let lenient = false;
    const len = buf.length;
    const cells: string[] = [];
    let i = pos;
    for (;;) {
      let val = '';
      if (buf.charCodeAt(i) === 34) {
        // a quoted field
        let j = i + 1;
        for (;;) {
          const q = buf.indexOf('"', j);
          if (q < 0) return final ? 'unclosed' : 'more';
          if (q + 1 >= len && !final) return 'more'; // is it "" or the end? the next chunk says
          if (buf.charCodeAt(q + 1) === 34) {
            val += buf.slice(j, q) + '"';
            j = q + 2;
            continue;
          }
          val += buf.slice(j, q);
          i = q + 1;
          break;
        }
        // lenient: text after the closing quote, up to the delimiter or the end of the line, is kept
        if (i < len && buf[i] !== d && buf[i] !== '\n') {
          const k = nextStop(buf, i, d);
          if (k < 0 && !final) return 'more';
          const stop = k < 0 ? len : k;
          const after = buf.slice(i, stop);
          val += after;
          i = stop;
          if (after !== '\r') lenient = true; // a CR before the line feed is the line end
        }
      } else {
        const k = nextStop(buf, i, d);
        if (k < 0 && !final) return 'more';
        const stop = k < 0 ? len : k;
        val = buf.slice(i, stop);
        if (val.indexOf('"') >= 0) lenient = true;
        i = stop;
      }
      if (i >= len) {
        if (!final) return 'more';
        cells.push(stripCr(val));
        return { cells, next: len, lenient };
      }
      if (buf[i] === d) {
        cells.push(val);
        i++;
        if (i >= len) {
          if (!final) return 'more';
          cells.push('');
          return { cells, next: len, lenient };
        }
        continue;
      }
      // a new line ends the record
      cells.push(stripCr(val));
      return { cells, next: i + 1, lenient };
    }
  }
}

function firstLine(buf: string, pos: number): string {
  const nl = buf.indexOf('\n', pos);
  return stripCr(buf.slice(pos, nl < 0 ? Math.min(buf.length, pos + 2000) : Math.min(nl, pos + 2000)));
}

function stripCr(s: string): string {
  return s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
}

function nextStop(buf: string, from: number, d: string): number {
  const a = buf.indexOf(d, from);
  const b = buf.indexOf('\n', from);
  if (a < 0) return b;
  if (b < 0) return a;
  return a < b ? a : b;
}

/** rows of a stream of decoded text chunks */
export async function* csvRows(chunks: AsyncIterable<string | Buffer>, opts: CsvOptions = {}): AsyncGenerator<CsvRow> {
  const s = new CsvSplitter(opts);
  const out: CsvRow[] = [];
  for await (const c of chunks) {
    s.push(typeof c === 'string' ? c : c.toString('utf8'), out);
    for (let i = 0; i < out.length; i++) yield out[i]!;
    out.length = 0;
  }
  s.end(out);
  yield* out;
}

/** all rows of a string (for tests and small inputs) */
export function splitCsv(text: string, opts: CsvOptions = {}): CsvRow[] {
  const s = new CsvSplitter(opts);
  return s.end(s.push(text));
}
