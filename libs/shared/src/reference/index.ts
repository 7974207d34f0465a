export * from './labels';
export * from './lead-classification';
export * from './money';
export * from './credit-code';
