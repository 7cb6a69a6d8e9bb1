// Everything that came from a source goes through here before it reaches the HTML (DESIGN §13):
// text is entity-escaped, bidirectional controls (U+202E …) are shown as their code point instead
// of reordering the line, links are kept only for http(s), and JSON embedded in a <script> cannot
// close it.

const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** bidi controls made visible: "[U+202E]" */
export function visibleControls(s: string): string {
  return s.replace(BIDI, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
}

const ENT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** text or attribute value */
export function esc(v: unknown): string {
  if (v === undefined || v === null) return '';
  return visibleControls(String(v)).replace(/[&<>"']/g, (c) => ENT[c]!);
}

/** an href only for http(s) URLs; anything else (javascript:, data:, relative) gets none */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const u = url.trim();
  if (!/^https?:\/\/[^\s]+$/i.test(u)) return undefined;
  try {
    const p = new URL(u);
    return p.protocol === 'http:' || p.protocol === 'https:' ? u : undefined;
  } catch {
    return undefined;
  }
}

/** a link if the URL is http(s), else the URL as text */
export function link(url: string | undefined, text?: string): string {
  const h = safeHref(url);
  const t = esc(text ?? url ?? '');
  return h ? `<a href="${esc(h)}" rel="noopener noreferrer" target="_blank">${t}</a>` : t;
}

/** JSON for <script type="application/json">: no <, >, & or line separators that could end or break it */
export function jsonForScript(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
