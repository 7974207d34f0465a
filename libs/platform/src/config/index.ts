export * from './config-error';
export * from './environment-variables';
export * from './service-config';
