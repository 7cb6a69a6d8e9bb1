// Code validators of DESIGN §7: USCC, organisation codes, GB/T 2260 regions, 基本编码 and 实施编码.
export * from './uscc.js';
export * from './region.js';
export * from './catalog-code.js';
