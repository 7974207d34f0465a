/**
 * Reads are recorded too (domain.md, "Information rules"): every read of a
 * lead, case or meeting appends `RecordAccessed` to the append-only stream
 * `access-<resourceType>-<resourceId>` of the service that owns the resource
 * (who, what, when, which fields, why). Auditors replay these streams like any other.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '../event-store/event-store.port';
import { EVENT_STORE_TOKEN } from '../nest/tokens';
import type { Clock } from './clock';
import { DomainActor, envelopeActor } from './principal';
import { CLOCK } from './tokens';
import { RECORD_ACCESSED, RecordAccessedData, toAccessStreamId } from './access-record';

// The event's contract lives apart from the recorder (no Nest), for framework-free readers (`@jm/shared/core`).
export { RECORD_ACCESSED, toAccessStreamId } from './access-record';
export type { RecordAccessedData } from './access-record';

export interface AccessRecord {
  resourceType: string;
  resourceId: string;
  fields?: string[];
  purpose?: string;
  granted?: boolean;
}

@Injectable()
export class AccessLog {
  constructor(
    @Inject(EVENT_STORE_TOKEN) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(reader: DomainActor, access: AccessRecord, correlationId?: string): Promise<void> {
    const id = randomUUID();
    const data: RecordAccessedData = {
      resourceType: access.resourceType,
      resourceId: access.resourceId,
      agency: reader.agency,
      user: reader.user,
      roles: [...reader.roles],
      fields: access.fields ?? ['summary'],
      ...(access.purpose ? { purpose: access.purpose.slice(0, 500) } : {}),
      granted: access.granted ?? true,
    };
    // Many readers append concurrently; order among reads does not matter, so no version check.
    await this.store.append(
      toAccessStreamId(access.resourceType, access.resourceId),
      [{ id, type: RECORD_ACCESSED, schemaVersion: 1, data, time: this.clock.now().toISOString(), correlationId: correlationId ?? id, causationId: id, actor: envelopeActor(reader) }],
      'any',
    );
  }
}
