/**
 * The operations stream of this service, `operations-<service>` (@jm/contracts operations-contract-events.ts): one
 * event per replay or discard an operator did, who, when, why and which event. Append-only, like the access log:
 * the order among operations does not matter, so no version check.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, StoredEvent } from '@jm/event-sourcing';
import { envelopeActor, OperationsContractEvent, toOperationsStreamId } from '@jm/contracts';
import type { ServiceConfig } from '../config/service-config';
import type { Principal } from '../security/principal';
import { EVENT_STORE_TOKEN, SERVICE_CONFIG } from '../nest/tokens';

@Injectable()
export class OperationsLog {
  constructor(
    @Inject(EVENT_STORE_TOKEN) private readonly store: EventStore,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  get streamId(): string {
    return toOperationsStreamId(this.config.service);
  }

  /** The stream, oldest first (it holds only what operators did: short). */
  async events(): Promise<StoredEvent[]> {
    return this.store.readStream(this.streamId);
  }

  async record(operator: Principal, event: OperationsContractEvent, correlationId?: string): Promise<void> {
    const id = randomUUID();
    await this.store.append(
      this.streamId,
      [
        {
          id,
          type: event.type,
          schemaVersion: event.version,
          data: event.data,
          time: event.data.at,
          correlationId: correlationId ?? id,
          causationId: id,
          actor: envelopeActor(operator),
        },
      ],
      'any',
    );
  }
}
