/** Injection tokens for what every service gets from ServiceCoreModule. */
import { Inject } from '@nestjs/common';

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const EVENT_STORE_TOKEN = Symbol('EVENT_STORE');
export const BUS_TOKEN = Symbol('BUS');

export const InjectServiceConfig = (): ParameterDecorator => Inject(SERVICE_CONFIG);
export const InjectEventStore = (): ParameterDecorator => Inject(EVENT_STORE_TOKEN);
export const InjectBus = (): ParameterDecorator => Inject(BUS_TOKEN);
