export * from './tokens';
export * from './readiness';
export * from './health.controller';
export * from './infrastructure-adapters';
export * from './infrastructure.lifecycle';
export * from './http-drain';
export * from './service-core.module';
export * from './service-app';
