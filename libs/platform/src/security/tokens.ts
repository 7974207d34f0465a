import { Inject } from '@nestjs/common';

export const AGENCY_REGISTRY = Symbol('AGENCY_REGISTRY');
export const CLOCK = Symbol('CLOCK');
export const InjectAgencyRegistry = (): ParameterDecorator => Inject(AGENCY_REGISTRY);
export const InjectClock = (): ParameterDecorator => Inject(CLOCK);
/** Whether the service's own database holds a key vault (its read model has KEY_VAULT_SCHEMA's entities). */
export const KEY_VAULT_IN_READ_MODEL = Symbol('KEY_VAULT_IN_READ_MODEL');
