export * from './lead-contracts';
export * from './case-contracts';
