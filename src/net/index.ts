export * from './ip.js';
export * from './ip-set.js';
export * from './port-set.js';
export * from './protocol.js';
export * from './bitset.js';
export * from './intervals.js';
