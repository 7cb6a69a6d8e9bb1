// The review workbook: one row per service a person must decide, its three best candidates, and
// empty action / to / reason columns to fill in (`yimen decide --import` reads it back).
import { writeWorkbook } from './workbook.js';

/** What a row needs; decide's ReviewItem has it. */
export interface ReviewRow {
  serviceId: string;
  appId: string;
  name: string;
  reason: string;
  candidates: ReadonlyArray<{ code: string; name: string; score: number; kind?: string }>;
}

const WIDTHS = [28, 12, 36, 48, 40, 40, 40, 10, 20, 36];

/** `headers`: the ten column names the importer expects (decide's REVIEW_COLUMNS); the 8th is the action. */
export async function writeReviewXlsx(items: readonly ReviewRow[], file: string, headers: readonly string[], actions: readonly string[]): Promise<number> {
  const cand = (it: ReviewRow, i: number) => {
    const x = it.candidates[i];
    return x ? `${x.code} ${x.name} (${x.score.toFixed(2)}${x.kind === 'service' ? ', service' : ''})` : '';
  };
  await writeWorkbook(file, {
    name: 'review',
    headers,
    rows: items.map((it) => [it.serviceId, it.appId, it.name, it.reason, cand(it, 0), cand(it, 1), cand(it, 2), '', '', '']),
    widths: WIDTHS,
    choices: { column: 7, values: actions },
  });
  return items.length;
}
