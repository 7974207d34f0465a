/** Reference data: labels, lead classification, money, credit codes, the agency registry and roles. No framework. */
export * from './labels';
export * from './lead-classification';
export * from './money';
export * from './credit-code';
export * from './agency-registry';
export * from './roles';
export * from './config-file-error';
export * from './deployment-registry';
