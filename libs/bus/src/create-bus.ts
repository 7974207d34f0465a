/** Picks the bus adapter from typed configuration (deployment mode). */
import { DataSource } from 'typeorm';
import { CheckpointStore, EventStore, LeaseStore } from '@jm/event-sourcing';
import { Bus } from './bus.port';
import { BusLogger, defaultBusLogger } from './consumer/logger';
import { EmbeddedBus } from './embedded/embedded-bus';
import { KafkaBus } from './kafka/kafka-bus';
import { createKafka, KafkaSasl } from './kafka/kafka-client';

export interface BusConfig {
  kind: 'kafka' | 'embedded';
  /** Required for kind 'kafka'. */
  brokers?: string[];
  clientId?: string;
  sasl?: KafkaSasl;
}

export interface BusDeps {
  store: EventStore;
  checkpoints: CheckpointStore;
  leases: LeaseStore;
  /** The consuming service's own database (bus_* tables migrated). */
  dataSource: DataSource;
  logger?: BusLogger;
}

export function createBus(config: BusConfig, deps: BusDeps): Bus {
  const logger = deps.logger ?? defaultBusLogger();
  switch (config.kind) {
    case 'embedded':
      return new EmbeddedBus({ store: deps.store, dataSource: deps.dataSource, logger });
    case 'kafka': {
      if (!config.brokers?.length) throw new Error('createBus: kind "kafka" needs at least one broker');
      const kafka = createKafka({
        brokers: config.brokers,
        clientId: config.clientId ?? 'jm',
        logger,
        ...(config.sasl ? { sasl: config.sasl } : {}),
      });
      return new KafkaBus({ kafka, store: deps.store, checkpoints: deps.checkpoints, leases: deps.leases, dataSource: deps.dataSource, logger });
    }
    default: {
      const never: never = config.kind;
      throw new Error(`createBus: unknown bus kind ${String(never)}`);
    }
  }
}
