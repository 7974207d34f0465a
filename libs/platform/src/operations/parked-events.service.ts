/**
 * The parked events of this service's consumer (docs/operations/parked-events.md): list, inspect, replay through
 * the handler (consumer-core.ts replayParked), discard with a reason. A replay or discard is recorded on the
 * operations stream in the same read-model transaction that changes the row, before it commits, so the row never
 * changes without its event (a failed commit after the append leaves an event for a change that did not happen:
 * the row stays parked and shows it).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { discardParked, findParked, pageParked, ParkedEventRow } from '@jm/bus';
import { Clock, InvalidTransitionError, NotFoundError } from '@jm/event-sourcing';
import type { ServiceConfig } from '../config/service-config';
import { READ_MODEL_TOKEN, SERVICE_CONFIG } from '../nest/tokens';
import type { Principal } from '../security/principal';
import { CLOCK } from '../security/tokens';
import { AccessLog } from '../security/access-log';
import { OperationsLog } from './operations-log';
import { OperatorAccess } from './operator-access';
import { ParkedConsumer } from './parked-consumer';
import type { ListParkedQuery, ParkedEventDetail, ParkedEventPage, ParkedEventSummary } from './parked-events.dto';

/** The handler failed again on a replay (409): the event stays parked; the detail summarises the error. */
export class ReplayFailedError extends Error {
  readonly code = 'REPLAY_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'ReplayFailedError';
  }
}

/** The first line of an error, bounded: enough to act on, without the stack (GET shows the whole). */
export function errorSummary(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return (text.split('\n')[0] ?? '').slice(0, 500);
}

const summaryOf = (row: ParkedEventRow): ParkedEventSummary => ({
  group: row.group,
  eventId: row.eventId,
  eventType: row.eventType,
  streamId: row.streamId,
  topic: row.topic,
  source: row.source,
  position: String(row.position),
  attempts: row.attempts,
  parkedAt: row.parkedAt,
  status: row.status,
  replayedAt: row.replayedAt,
  discardedAt: row.discardedAt ?? null,
  discardedBy: row.discardedBy ?? null,
  discardReason: row.discardReason ?? null,
});

function payloadOf(row: ParkedEventRow): unknown {
  if (row.payloadFormat === 'raw') return row.payload;
  try {
    return JSON.parse(row.payload) as unknown;
  } catch {
    return row.payload;
  }
}

@Injectable()
export class ParkedEventsService {
  constructor(
    @Inject(READ_MODEL_TOKEN) private readonly db: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: OperatorAccess,
    private readonly log: OperationsLog,
    private readonly consumer: ParkedConsumer,
    private readonly accessLog: AccessLog,
  ) {}

  async list(principal: Principal, query: ListParkedQuery): Promise<ParkedEventPage> {
    this.access.requireReader(principal, 'listing parked events');
    const { page, pageSize } = query;
    const { items, total } = await pageParked(this.db, { group: query.group, status: query.status, eventType: query.eventType }, page, pageSize);
    return { items: items.map(summaryOf), total, page, pageSize };
  }

  async get(principal: Principal, group: string, eventId: string): Promise<ParkedEventDetail> {
    this.access.requireReader(principal, 'inspecting a parked event');
    const row = await this.row(group, eventId);
    // The payload may name people (a lead's subjects): reading it is recorded like any other read of casework.
    await this.accessLog.record(principal, { resourceType: 'parked', resourceId: `${group}.${eventId}`, fields: ['payload'] });
    return { ...summaryOf(row), payloadFormat: row.payloadFormat, payload: payloadOf(row), error: row.error };
  }

  async replay(principal: Principal, group: string, eventId: string): Promise<ParkedEventSummary> {
    this.access.requireOperator(principal, 'replaying a parked event');
    const row = await this.parkedRow(group, eventId, 'replay');
    const server = this.consumer.of(group);
    if (!server) throw new ReplayFailedError(`no consumer of group ${group} runs in this ${this.config.service} process; replay it where it does`);
    const at = this.clock.now().toISOString();
    try {
      await server.replayParked(eventId, {
        beforeMarked: () => this.log.record(principal, { type: 'ParkedEventReplayed', version: 1, data: { ...this.refOf(row, principal), at } }),
      });
    } catch (error) {
      throw new ReplayFailedError(`the replay failed and the event stays parked: ${errorSummary(error)}`);
    }
    return summaryOf(await this.row(group, eventId));
  }

  async discard(principal: Principal, group: string, eventId: string, reason: string): Promise<ParkedEventSummary> {
    this.access.requireOperator(principal, 'discarding a parked event');
    const row = await this.parkedRow(group, eventId, 'discard');
    const at = this.clock.now().toISOString();
    const discarded = await discardParked(this.db, group, eventId, {
      by: `${principal.agency}/${principal.user}`,
      reason,
      at,
      beforeMarked: () =>
        this.log.record(principal, { type: 'ParkedEventDiscarded', version: 1, data: { ...this.refOf(row, principal), at, reason } }),
    });
    // Replayed or discarded meanwhile: 409 naming its status.
    if (!discarded) await this.parkedRow(group, eventId, 'discard');
    return summaryOf(await this.row(group, eventId));
  }

  private refOf(row: ParkedEventRow, principal: Principal) {
    return {
      service: this.config.service,
      group: row.group,
      eventId: row.eventId,
      eventType: row.eventType,
      streamId: row.streamId,
      by: { agency: principal.agency, user: principal.user },
    };
  }

  private async row(group: string, eventId: string): Promise<ParkedEventRow> {
    const row = await findParked(this.db, group, eventId);
    if (!row) throw new NotFoundError(`parked event ${eventId} of group ${group}`);
    return row;
  }

  /** The row, which must still be parked (409 naming its status otherwise). */
  private async parkedRow(group: string, eventId: string, command: string): Promise<ParkedEventRow> {
    const row = await this.row(group, eventId);
    if (row.status !== 'parked') throw new InvalidTransitionError('parked event', command, row.status, []);
    return row;
  }
}
