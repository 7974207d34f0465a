/**
 * ServiceCoreModule: what every service gets before its domain — typed config,
 * pino logging, the event store, the read-model database and the bus (built by
 * the factories in infrastructure-adapters.ts from config),
 * /health and /ready, and the shutdown order. Global, so domain modules inject
 * them with @InjectEventStore(), @InjectReadModel(), @InjectBus() without importing it.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Logger as PinoInstance } from 'pino';
import type { DataSource } from 'typeorm';
import type { Bus } from '@jm/bus';
import type { ServiceConfig } from '../config/service-config';
import type { EventStore } from '@jm/event-sourcing';
import { HealthController } from './health.controller';
import { HttpDrain } from './http-drain';
import { adapterFactories, InfrastructureFactories, ReadModelSchema } from './infrastructure-adapters';
import { InfrastructureLifecycle } from './infrastructure.lifecycle';
import { ReadinessRegistry } from './readiness';
import { ServiceRelay } from './service-messaging';
import { BUS_TOKEN, EVENT_PUBLICATION, EVENT_STORE_TOKEN, READ_MODEL_TOKEN, SERVICE_CONFIG } from './tokens';
import { EventPublication, publishAsStored } from '@jm/bus';
import { AccessLog } from '../security/access-log';
import { AgencyRegistry } from '@jm/reference';
import { AuthGuard } from '../security/auth.guard';
import { KeyVaultCoverageCheck } from '../security/key-vault-coverage';
import { Clock, systemClock } from '@jm/event-sourcing';
import { AGENCY_REGISTRY, CLOCK, KEY_VAULT_IN_READ_MODEL } from '../security/tokens';
import { CryptoKeyEntity } from '../security/key-vault';
import { FEDERATION, Federation, federationOf } from '../federation/federation';
import { traceEventStore } from '../observability/traced-event-store';
import { OPERATIONS_CONTROLLERS, OPERATIONS_PROVIDERS } from '../operations/operations.providers';
import { MetricsModule, observeAppends, PlatformMetrics, ServiceMetrics } from '../observability';

export interface ServiceCoreOptions {
  config: ServiceConfig;
  logger: PinoInstance;
  /** Replaces some adapter factories (tests use fakes); the rest come from infrastructure-adapters.ts. */
  infrastructure?: Partial<InfrastructureFactories>;
  /** Entities and migrations the domain adds to the service's own database. */
  readModel?: ReadModelSchema;
  /** Time source for commands and deadlines (tests pass a ManualClock). */
  clock?: Clock;
  /** What the relay publishes of each stored event (default: as stored). */
  publication?: EventPublication;
}

@Module({})
export class ServiceCoreModule {
  static forRoot({
    config,
    logger,
    infrastructure,
    readModel = {},
    clock = systemClock,
    publication = publishAsStored,
  }: ServiceCoreOptions): DynamicModule {
    const factories: InfrastructureFactories = { ...adapterFactories, ...infrastructure };
    return {
      module: ServiceCoreModule,
      global: true,
      imports: [MetricsModule.forRoot(config.service)],
      controllers: [HealthController, ...OPERATIONS_CONTROLLERS],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: EVENT_PUBLICATION, useValue: publication },
        // Read once at boot; a broken registry file stops the service with the list of problems.
        { provide: AGENCY_REGISTRY, useFactory: (): AgencyRegistry => AgencyRegistry.fromFile(config.security.agencyRegistryPath) },
        // Every HTTP route needs a token unless marked @Public().
        { provide: APP_GUARD, useClass: AuthGuard },
        AccessLog,
        {
          provide: EVENT_STORE_TOKEN,
          useFactory: async (metrics: ServiceMetrics): Promise<EventStore> =>
            traceEventStore(observeAppends(await factories.eventStore(config.eventStore, { config, logger }), metrics)),
          inject: [ServiceMetrics],
        },
        {
          provide: READ_MODEL_TOKEN,
          useFactory: (): Promise<DataSource> => factories.readModel(config.readModel, { config, logger, schema: readModel }),
        },
        {
          provide: BUS_TOKEN,
          useFactory: (store: EventStore, dataSource: DataSource): Promise<Bus> => factories.bus(config.bus, { config, logger, store, dataSource }),
          inject: [EVENT_STORE_TOKEN, READ_MODEL_TOKEN],
        },
        {
          provide: FEDERATION,
          useFactory: (agencies: AgencyRegistry, bus: Bus): Federation => federationOf(config, agencies, bus),
          inject: [AGENCY_REGISTRY, BUS_TOKEN],
        },
        ReadinessRegistry,
        InfrastructureLifecycle,
        ServiceRelay,
        HttpDrain,
        ...OPERATIONS_PROVIDERS,
        PlatformMetrics,
        { provide: KEY_VAULT_IN_READ_MODEL, useValue: Object.values(readModel.entities ?? {}).includes(CryptoKeyEntity) },
        KeyVaultCoverageCheck,
      ],
      exports: [SERVICE_CONFIG, EVENT_STORE_TOKEN, READ_MODEL_TOKEN, BUS_TOKEN, ReadinessRegistry, CLOCK, AGENCY_REGISTRY, FEDERATION, AccessLog],
    };
  }
}
