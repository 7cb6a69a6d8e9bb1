// Coded vocabularies of the national service-item elements (GB/T 39046-2020, C0109). Every coded
// field keeps its label too, because local systems number the same thing differently.

export const TASK_TYPES = {
  '01': '行政许可',
  '02': '行政处罚',
  '03': '行政强制',
  '04': '行政征收',
  '05': '行政给付',
  '06': '行政检查',
  '07': '行政确认',
  '08': '行政奖励',
  '09': '行政裁决',
  '10': '其他行政权力',
  '20': '公共服务',
  '99': '其他',
} as const;
export type TaskTypeCode = keyof typeof TASK_TYPES;

export const USE_LEVELS = {
  1: '国家级',
  2: '省级',
  3: '市级',
  4: '县级',
  5: '乡镇级',
  6: '村级',
  7: '分级管理',
} as const;

export const SERVICE_OBJECTS = {
  '1': '自然人',
  '2': '企业法人',
  '3': '事业法人',
  '4': '社会组织法人',
  '5': '非法人企业',
  '6': '行政机关',
  '9': '其他组织',
} as const;

export const CASE_TYPES = ['immediate', 'promised', 'other'] as const; // 即办件 / 承诺件 / 其他
export const LIMIT_UNITS = ['workday', 'day', 'hour', 'month'] as const;
export const MATERIAL_FORMS = ['paper', 'electronic', 'both'] as const;
export const MATERIAL_NECESSITY = ['required', 'optional', 'deferred'] as const; // deferred: 容缺后补
export const HANDLING_FORMS = ['window', 'pc', 'mobile', 'express', 'other'] as const;
export const CROSS_REGION_SCOPES = ['national', 'cross-province', 'province', 'city', 'county', 'none'] as const;
export const DISPOSITIONS = ['migrate', 'merge', 'retire', 'review'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];
export const ENTRY_POINT_KINDS = ['web', 'deeplink', 'miniprogram', 'appstore', 'qrcode'] as const;
export type EntryPointKind = (typeof ENTRY_POINT_KINDS)[number];
export const REDIRECT_ACTIONS = ['redirect', 'notice', 'unresolved', 'pending'] as const;
export type RedirectAction = (typeof REDIRECT_ACTIONS)[number];
