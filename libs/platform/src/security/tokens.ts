import { Inject } from '@nestjs/common';

export const AGENCY_REGISTRY = Symbol('AGENCY_REGISTRY');
export const CLOCK = Symbol('CLOCK');
export const InjectAgencyRegistry = (): ParameterDecorator => Inject(AGENCY_REGISTRY);
export const InjectClock = (): ParameterDecorator => Inject(CLOCK);
