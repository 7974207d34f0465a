/**
 * Owns the order of shutdown for what ServiceCoreModule provides. Nest runs, on
 * SIGTERM/SIGINT or app.close(): onModuleDestroy everywhere (domain modules stop
 * their consumers and relays there; /ready turns 503 here), then the HTTP server
 * stops and drains in-flight requests, then onApplicationShutdown, where the relay
 * stops and the bus, the read-model database and the store are closed in that order — nothing can
 * still be using them by then.
 */
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Bus } from '@jm/bus';
import type { EventStore } from '@jm/event-sourcing';
import { ReadinessRegistry } from './readiness';
import { ServiceRelay } from './service-messaging';
import { BUS_TOKEN, EVENT_STORE_TOKEN, READ_MODEL_TOKEN } from './tokens';

@Injectable()
export class InfrastructureLifecycle implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('Shutdown');

  constructor(
    @Inject(EVENT_STORE_TOKEN) private readonly store: EventStore,
    @Inject(BUS_TOKEN) private readonly bus: Bus,
    @Inject(READ_MODEL_TOKEN) private readonly readModel: DataSource,
    private readonly readiness: ReadinessRegistry,
    private readonly relay: ServiceRelay,
  ) {}

  onModuleInit(): void {
    this.readiness.register('event-store', () => this.store.ping());
    this.readiness.register('read-model', async () => {
      await this.readModel.query('SELECT 1');
    });
    this.readiness.register('bus', () => this.bus.ping());
  }

  onModuleDestroy(): void {
    this.readiness.markDraining();
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    // Close all even if one fails, then report: a failed close must not leave the store open.
    const failures: unknown[] = [];
    for (const [name, close] of [
      ['relay', () => this.relay.stop()],
      ['bus', () => this.bus.close()],
      ['read-model', () => this.readModel.destroy()],
      ['event-store', () => this.store.close()],
    ] as const) {
      try {
        await close();
      } catch (error) {
        this.logger.error({ err: error }, `closing ${name} failed`);
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, 'closing the bus, the read-model database or the event store failed');
    this.logger.log({ signal }, 'stopped: bus, read-model database and event store closed');
  }
}
