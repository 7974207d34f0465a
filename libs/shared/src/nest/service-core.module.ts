/**
 * ServiceCoreModule: what every service gets before its domain — typed config,
 * pino logging, the event store and bus (built by factories from config),
 * /health and /ready, and the shutdown order. Global, so domain modules inject
 * the store and bus with @InjectEventStore() / @InjectBus() without importing it.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger as PinoInstance } from 'pino';
import type { Bus } from '../bus/bus.port';
import type { ServiceConfig } from '../config';
import type { EventStore } from '../event-store/event-store.port';
import { HealthController } from './health.controller';
import { adapterFactories, InfrastructureFactories } from './infrastructure-adapters';
import { InfrastructureLifecycle } from './infrastructure.lifecycle';
import { ReadinessRegistry } from './readiness';
import { BUS_TOKEN, EVENT_STORE_TOKEN, SERVICE_CONFIG } from './tokens';

export interface ServiceCoreOptions {
  config: ServiceConfig;
  logger: PinoInstance;
  /** Replaces some adapter factories (tests use fakes); the rest come from infrastructure-adapters.ts. */
  infrastructure?: Partial<InfrastructureFactories>;
}

const QUIET_PATHS = new Set(['/health', '/ready']);

@Module({})
export class ServiceCoreModule {
  static forRoot({ config, logger, infrastructure }: ServiceCoreOptions): DynamicModule {
    const factories: InfrastructureFactories = { ...adapterFactories, ...infrastructure };
    return {
      module: ServiceCoreModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger,
            // Probes hit these every few seconds; logging each would bury everything else.
            autoLogging: { ignore: (req) => QUIET_PATHS.has((req.url ?? '').split('?')[0]) },
          },
        }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: EVENT_STORE_TOKEN, useFactory: (): Promise<EventStore> => factories.eventStore(config.eventStore, config) },
        {
          provide: BUS_TOKEN,
          useFactory: (store: EventStore): Promise<Bus> => factories.bus(config.bus, { config, store }),
          inject: [EVENT_STORE_TOKEN],
        },
        ReadinessRegistry,
        InfrastructureLifecycle,
      ],
      exports: [SERVICE_CONFIG, EVENT_STORE_TOKEN, BUS_TOKEN, ReadinessRegistry],
    };
  }
}
