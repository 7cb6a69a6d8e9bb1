// Full-width to half-width and whitespace clean-up. Government exports mix full-width digits,
// letters and spaces (ＡＢＣ１２３, U+3000) into codes and numbers; matching and parsing need one form.

const IDEOGRAPHIC_SPACE = 0x3000;

/** Full-width ASCII (U+FF01–U+FF5E) → ASCII, ideographic space → space. Other characters unchanged. */
export function toHalfWidth(s: string): string {
  let out = '';
  let changed = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) {
      out += String.fromCharCode(c - 0xfee0);
      changed = true;
    } else if (c === IDEOGRAPHIC_SPACE) {
      out += ' ';
      changed = true;
    } else out += s[i];
  }
  return changed ? out : s;
}

/** Trim, turn every run of whitespace (including NBSP, ideographic space, newlines) into one space. */
export function collapseSpace(s: string): string {
  return s.replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, ' ').trim();
}

/** Text as a person typed it, cleaned: zero-width characters removed, whitespace collapsed. Keeps full-width punctuation, which is correct in Chinese text. */
export function cleanText(s: string): string {
  return collapseSpace(s);
}

/** Half-width, whitespace collapsed: the form for parsing numbers, codes and phone numbers. */
export function normalizeWidth(s: string): string {
  return collapseSpace(toHalfWidth(s));
}
