/**
 * Owns the order of shutdown for what ServiceCoreModule provides. Nest runs, on
 * SIGTERM/SIGINT or app.close(): onModuleDestroy everywhere (domain modules stop
 * their consumers and relays there; /ready turns 503 here), then the HTTP server
 * stops and drains in-flight requests, then onApplicationShutdown, where the bus
 * and then the store are closed — nothing can still be using them by then.
 */
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Bus } from '../bus/bus.port';
import type { EventStore } from '../event-store/event-store.port';
import { ReadinessRegistry } from './readiness';
import { BUS_TOKEN, EVENT_STORE_TOKEN } from './tokens';

@Injectable()
export class InfrastructureLifecycle implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('Shutdown');

  constructor(
    @Inject(EVENT_STORE_TOKEN) private readonly store: EventStore,
    @Inject(BUS_TOKEN) private readonly bus: Bus,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register('event-store', () => this.store.ping());
    this.readiness.register('bus', () => this.bus.ping());
  }

  onModuleDestroy(): void {
    this.readiness.markDraining();
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    // Close both even if the first fails, then report: a failed close must not leave the store open.
    const failures: unknown[] = [];
    for (const [name, close] of [
      ['bus', () => this.bus.close()],
      ['event-store', () => this.store.close()],
    ] as const) {
      try {
        await close();
      } catch (error) {
        this.logger.error({ err: error }, `closing ${name} failed`);
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, 'closing the bus or the event store failed');
    this.logger.log({ signal }, 'stopped: bus and event store closed');
  }
}
