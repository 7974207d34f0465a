/** Injection tokens for what every service gets from ServiceCoreModule. */
import { Inject } from '@nestjs/common';

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const EVENT_STORE_TOKEN = Symbol('EVENT_STORE');
export const BUS_TOKEN = Symbol('BUS');
/** The service's EventPublication, handed to its relay. */
export const EVENT_PUBLICATION = Symbol('EVENT_PUBLICATION');
/** The service's own database (TypeORM DataSource): read models and consumer state. */
export const READ_MODEL_TOKEN = Symbol('READ_MODEL');

export const InjectServiceConfig = (): ParameterDecorator => Inject(SERVICE_CONFIG);
export const InjectEventStore = (): ParameterDecorator => Inject(EVENT_STORE_TOKEN);
export const InjectBus = (): ParameterDecorator => Inject(BUS_TOKEN);
export const InjectReadModel = (): ParameterDecorator => Inject(READ_MODEL_TOKEN);
