// Time as people here read it: the machine runs in UTC, dates shown or compared use Asia/Shanghai
// (UTC+8, no daylight saving); and Excel's day serials, which exports carry for dates.

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** the calendar day in Asia/Shanghai of an instant, "YYYY-MM-DD" (default: now) */
export function shanghaiDay(d: Date = new Date()): string {
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** an instant as a person in China reads it: "2025/3/1 14:05:09" (zh-CN, 24-hour, Asia/Shanghai) */
export function shanghaiTime(at: string | Date): string {
  return new Date(at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

/** the largest serial Excel has: 9999-12-31 */
export const EXCEL_MAX_SERIAL = 2_958_465;

/**
 * Excel's 1900 date system (with its 1900-02-29 that never was): serial → "YYYY-MM-DD"; the time
 * of day, if any, is dropped. `max` bounds what counts as a serial (the normalisers take numbers up
 * to 200,000 only, so a longer number is not read as a date centuries away).
 */
export function excelSerialToDate(serial: number, max = EXCEL_MAX_SERIAL): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial > max) return undefined;
  const days = Math.floor(serial) - (serial >= 60 ? 1 : 0);
  return new Date(Date.UTC(1899, 11, 31) + days * 86_400_000).toISOString().slice(0, 10);
}
