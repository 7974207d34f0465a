export * from './lead-contracts';
export * from './case-contracts';
export * from './case-lifecycle-contracts';
export * from './case-events';
export * from './case-state';
export * from './audit-contracts';
export * from './event-labels';
export * from './event-descriptions';
