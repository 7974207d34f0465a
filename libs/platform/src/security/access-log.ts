/**
 * Reads are recorded too (domain.md, "Information rules"): every read of a
 * lead, case or meeting that exists appends `RecordAccessed` to the append-only
 * stream `access-<resourceType>-<resourceId>` of the service that owns the
 * resource (who, what, when, which fields, why, granted or refused). Auditors
 * replay these streams like any other.
 *
 * A read of something that does not exist (or of an id that could never name
 * a stream) is no stream: anyone with a token could otherwise fill the
 * hash-chained log with made-up ids. Such reads, and refused ones, are counted
 * in the service log instead (one structured line each, with running totals).
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { isStreamId } from '@jm/event-sourcing';
import type { Clock, EventStore } from '@jm/event-sourcing';
import { EVENT_STORE_TOKEN } from '../nest/tokens';
import { DomainActor, envelopeActor, RECORD_ACCESSED, RecordAccessedData, toAccessStreamId } from '@jm/contracts';
import { CLOCK } from './tokens';

// The event's contract lives apart from the recorder (no Nest), for framework-free readers (the framework-free libraries (`@jm/event-sourcing`, `@jm/contracts`, `@jm/reference`)).
export { RECORD_ACCESSED, toAccessStreamId } from '@jm/contracts';
export type { RecordAccessedData } from '@jm/contracts';

export interface AccessRecord {
  resourceType: string;
  resourceId: string;
  fields?: string[];
  purpose?: string;
  granted?: boolean;
  /** Whether the resource exists (default true). A read of one that does not is only counted in the service log. */
  exists?: boolean;
}

/** Reads that did not answer with data, since the service started. */
export interface UnansweredReads {
  refused: number;
  notFound: number;
}

/** The longest resource id a log line repeats (ids from URLs can be anything). */
const LOGGED_ID_LENGTH = 100;

@Injectable()
export class AccessLog {
  constructor(
    @Inject(EVENT_STORE_TOKEN) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private readonly logger = new Logger('AccessLog');
  private readonly unanswered: UnansweredReads = { refused: 0, notFound: 0 };

  /** Totals of refused and not-found reads so far (also in each of their log lines). */
  counts(): UnansweredReads {
    return { ...this.unanswered };
  }

  async record(reader: DomainActor, access: AccessRecord, correlationId?: string): Promise<void> {
    const streamId = toAccessStreamId(access.resourceType, access.resourceId);
    if (access.exists === false || !isStreamId(streamId)) {
      this.count('notFound', reader, access);
      return;
    }
    if (access.granted === false) this.count('refused', reader, access);
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
      streamId,
      [
        {
          id,
          type: RECORD_ACCESSED,
          schemaVersion: 1,
          data,
          time: this.clock.now().toISOString(),
          correlationId: correlationId ?? id,
          causationId: id,
          actor: envelopeActor(reader),
        },
      ],
      'any',
    );
  }

  private count(outcome: keyof UnansweredReads, reader: DomainActor, access: AccessRecord): void {
    this.unanswered[outcome]++;
    this.logger.log(
      {
        read: outcome === 'notFound' ? 'not_found' : 'refused',
        resourceType: access.resourceType,
        resourceId: access.resourceId.slice(0, LOGGED_ID_LENGTH),
        agency: reader.agency,
        user: reader.user,
        ...this.unanswered,
      },
      outcome === 'notFound'
        ? 'read of a resource that does not exist (not recorded in the access log)'
        : 'read refused (recorded in the access log)',
    );
  }
}
