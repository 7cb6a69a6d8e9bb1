// The normalizers: small pure functions that know how Chinese government data is written.
// Other stages (matching, catalog import) import from here.
export { toHalfWidth, collapseSpace, cleanText, normalizeWidth, textOf } from '../../text/index.js';
export { parseChineseNumeral, replaceChineseNumerals, parseNumber, CHINESE_NUMERAL_CHARS } from './numerals.js';
export { parseTimeLimit, parseCaseType, type TimeLimitValue, type LimitUnit } from './time-limit.js';
export { parseYesNo, parseFee, type FeeValue } from './yes-no.js';
export { parseDate } from './dates.js';
export { excelSerialToDate } from '../../time/index.js';
export { splitList, parseList, parseMaterials, stripNumbering, type MaterialValue } from './lists.js';
export { parsePhone, normalizeOnePhone } from './phone.js';
export { parseTaskType, parseServiceObjects, parseUseLevel, parseHandlingForms, parseCrossRegionScope, type Coded } from './labels.js';
export { parseCode, normalizeCode } from './codes.js';
export { parseCount, parseMonthlyCount } from './counts.js';
export { parseText, parseProse, parseNumberField, parseInteger, parseVisits, parseOnlineDepth } from './text.js';
export { TRANSFORMS, TRANSFORM_NAMES, transformFor, type Transform } from './transforms.js';
export { type Normalized, type Finding } from './result.js';
