export * from './lead-contracts';
export * from './case-contracts';
export * from './case-lifecycle-contracts';
export * from './case-events';
export * from './case-state';
