// 基本编码 (12 characters) and 实施编码 (31 characters: agency USCC 18 + level 1 + 基本编码 12),
// and the provincial variants seen in the wild (Sichuan: local-area12-000-USCC-level-00). They
// have no check digit of their own: what can be checked is the embedded USCC and its region.
import { checkOrgCode, checkUscc, codeForm, type UsccCheck } from './uscc.js';

export const CATALOG_CODE_LENGTH = 12;
export const TASK_CODE_LENGTH = 31;

export interface CodeFinding {
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

/** 基本编码: national form 12 characters of 0-9 A-Z; other lengths are accepted with a warning. */
export function checkCatalogCode(input: string): CodeFinding[] {
  const c = codeForm(input);
  if (!/^[0-9A-Za-z-]+$/.test(c)) return [{ severity: 'warning', code: 'catalog-code-charset', message: `基本编码 "${c}" has characters other than digits and letters` }];
  if (c.length !== CATALOG_CODE_LENGTH) {
    return [{ severity: 'warning', code: 'catalog-code-length', message: `基本编码 "${c}" has ${c.length} characters; the national form has ${CATALOG_CODE_LENGTH} (owner 2 + type 2 + department 2 + main item 3 + sub item 3)` }];
  }
  return [];
}

export interface TaskCodeParts {
  layout: 'national' | 'sichuan';
  uscc: string;
  level: string;
  catalogCode?: string;
  /** the agency's code: a USCC in the national layout; provincial layouts may carry a 9-character organisation code */
  /** region written in the code itself (Sichuan layout: 12 digits) */
  area?: string;
  local?: string;
}

/** Splits a 实施编码 into its parts, for the national layout and the Sichuan hyphenated one. */
export function parseTaskCode(input: string): TaskCodeParts | undefined {
  const c = codeForm(input);
  if (c.length === TASK_CODE_LENGTH && /^[0-9A-Z]{31}$/.test(c)) {
    return { layout: 'national', uscc: c.slice(0, 18), level: c.slice(18, 19), catalogCode: c.slice(19) };
  }
  // the agency part may be an organisation code written with its hyphen (00877868-5: 16 of the 广安区 rows)
  const s = /^(.+)-(\d{12})-(\d{3})-([0-9A-Z]{5,20}|[0-9A-Z]{8}-[0-9A-Z])-(\d)-(\d{2})$/.exec(c);
  if (s) return { layout: 'sichuan', local: s[1], area: s[2], uscc: s[4]!, level: s[5]! };
  return undefined;
}

export interface TaskCodeCheck {
  parts?: TaskCodeParts;
  uscc?: UsccCheck;
  findings: CodeFinding[];
}

/** 实施编码: length (31 national, else a warning), the embedded USCC's check digit (an error when wrong). */
export function checkTaskCode(input: string): TaskCodeCheck {
  const c = codeForm(input);
  const parts = parseTaskCode(c);
  const findings: CodeFinding[] = [];
  if (!parts) {
    findings.push({ severity: 'warning', code: 'task-code-length', message: `实施编码 "${c}" has ${c.length} characters and no known layout; the national form has ${TASK_CODE_LENGTH} (agency USCC 18 + level 1 + 基本编码 12)` });
    return { findings };
  }
  if (parts.layout !== 'national') {
    findings.push({ severity: 'warning', code: 'task-code-provincial', message: `实施编码 "${c}" is in the ${parts.layout} provincial layout, not the 31-character national form` });
  }
  if (/^[0-9A-Z]{8}-?[0-9A-Z]$/.test(parts.uscc)) {
    // provincial layouts sometimes carry the older 9-character organisation code
    const o = checkOrgCode(parts.uscc);
    findings.push(
      o.ok
        ? { severity: 'warning', code: 'task-code-org', message: `实施编码 "${c}" carries the 组织机构代码 ${parts.uscc} where the agency's 统一社会信用代码 belongs` }
        : { severity: 'error', code: 'task-code-org-check-digit', message: `the agency code inside 实施编码: ${o.message}` },
    );
    return { parts, findings };
  }
  if (parts.uscc.length !== 18) {
    findings.push({ severity: 'warning', code: 'task-code-agency-format', message: `实施编码 "${c}": its agency part "${parts.uscc}" is neither a 统一社会信用代码 (18) nor a 组织机构代码 (9)` });
    return { parts, findings };
  }
  const uscc = checkUscc(parts.uscc);
  if (!uscc.ok) findings.push({ severity: 'error', code: 'task-code-uscc', message: `the agency code inside 实施编码: ${uscc.message}` });
  else if (!uscc.orgCodeOk) {
    findings.push({ severity: 'warning', code: 'task-code-uscc-org-check-digit', message: `the agency code inside 实施编码: positions 9–17 of 统一社会信用代码 ${uscc.code} (${uscc.orgCode}) should be a 组织机构代码 (GB 11714) whose check digit is "${uscc.orgCodeExpected}"` });
  }
  return { parts, uscc, findings };
}
