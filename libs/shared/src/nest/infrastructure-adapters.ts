/**
 * WIRING POINT — the one place where concrete event-store and bus adapters are
 * constructed from config. Everything else (ServiceCoreModule, tests) goes
 * through the InfrastructureFactories type below, so swapping or finishing an
 * adapter touches this file only.
 *
 * Status: see the TODO(wiring) markers. An adapter that is not wired yet is an
 * Unwired* placeholder: the service still boots and answers /health, and /ready
 * answers 503 naming the missing adapter, so nothing pretends to work.
 */
import type { Bus } from '../bus/bus.port';
import type { BusSettings, EventStoreSettings, ServiceConfig } from '../config';
import type { EventStore } from '../event-store/event-store.port';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';

/** What a bus adapter may need besides its own config. */
export interface BusFactoryContext {
  config: ServiceConfig;
  /** The service's event store: the embedded bus tails it; the Kafka relay reads from it. */
  store: EventStore;
}

export interface InfrastructureFactories {
  eventStore(config: EventStoreSettings, service: ServiceConfig): Promise<EventStore>;
  bus(config: BusSettings, context: BusFactoryContext): Promise<Bus>;
}

export const adapterFactories: InfrastructureFactories = {
  async eventStore(config) {
    switch (config.kind) {
      case 'sqlite':
        // Relative paths resolve against the working directory (npm start runs from the repo root).
        return SqliteEventStore.open({ path: config.path });
      case 'postgres':
        // TODO(wiring): return PostgresEventStore.connect({ url: config.url, schema: config.schema });
        return new UnwiredEventStore('postgres');
    }
  },

  async bus(config) {
    switch (config.kind) {
      case 'embedded':
        // TODO(wiring): the embedded bus (tails context.store, no broker).
        return new UnwiredBus('embedded');
      case 'kafka':
        // TODO(wiring): the Kafka bus (kafkajs; brokers config.brokers, client id config.clientId).
        return new UnwiredBus('kafka');
    }
  },
};

const WIRING_FILE = 'libs/shared/src/nest/infrastructure-adapters.ts';

/** Placeholder until the adapter lands: every call fails with a message saying so. */
export class UnwiredEventStore implements EventStore {
  constructor(private readonly kind: string) {}

  private fail(): Promise<never> {
    return Promise.reject(new Error(`event-store adapter "${this.kind}" is not wired yet (${WIRING_FILE})`));
  }

  append = (): Promise<never> => this.fail();
  readStream = (): Promise<never> => this.fail();
  readAll = (): Promise<never> => this.fail();
  headPosition = (): Promise<never> => this.fail();
  ping = (): Promise<never> => this.fail();
  subscribe(): never {
    throw new Error(`event-store adapter "${this.kind}" is not wired yet (${WIRING_FILE})`);
  }
  async close(): Promise<void> {}
}

export class UnwiredBus implements Bus {
  constructor(readonly kind: 'kafka' | 'embedded') {}

  private fail(): Promise<never> {
    return Promise.reject(new Error(`bus adapter "${this.kind}" is not wired yet (${WIRING_FILE})`));
  }

  startRelay = (): Promise<never> => this.fail();
  startConsumer = (): Promise<never> => this.fail();
  ping = (): Promise<never> => this.fail();
  async close(): Promise<void> {}
}
