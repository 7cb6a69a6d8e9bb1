import { describe, it, expect } from 'vitest';
import { safeCell } from '../../src/report/xlsx/cells.js';

describe('safeCell', () => {
  it('neutralises what Excel would run as a formula, and nothing else', () => {
    for (const v of ['=1+1', '+86 512', '-5', '@SUM(A1)', '\tx', '\rx']) expect(safeCell(v)).toBe(`'${v}`);
    for (const v of ['身份证', '5个工作日', 'a=b', '']) expect(safeCell(v)).toBe(v);
    expect(safeCell(-5)).toBe(-5);
    expect(safeCell(null)).toBeUndefined();
  });
});
