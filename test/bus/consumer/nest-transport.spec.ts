/**
 * The NestJS transport on both adapters: @EventPattern handlers receive events
 * by type inside the consumer transaction (ctx.manager), an event type nobody
 * handles is recorded as processed, and a throwing handler leads to retries and
 * parking with its real error, never to a skipped event.
 */
import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Observable, defer } from 'rxjs';
import { ParkedEvent } from '../../../libs/shared/src/bus/bus.port';
import { listParked, ProcessedEventEntity } from '../../../libs/shared/src/bus/consumer';
import { EventBusContext, EventBusExceptionFilter, EventBusServer } from '../../../libs/shared/src/bus/nest';
import { StoredEvent } from '../../../libs/shared/src/event-store/envelope';
import { uniqueName } from '../../../libs/shared/src/testing/infra';
import { pollUntil } from '../../../libs/shared/src/testing/poll';
import { AppliedEntity, appliedCounts, appliedRows } from './support/consumer-db';
import { BusHarness, createEmbeddedHarness, createKafkaHarness, committedOffsets, KafkaHarness } from './support/harness';

const poisonCalls: number[] = [];

@Controller()
class LeadsController {
  @EventPattern('LeadReceived')
  async onLeadReceived(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await ctx.manager.getRepository(AppliedEntity).insert({
      eventId: event.id,
      streamId: event.streamId,
      streamVersion: event.streamVersion,
      eventType: event.type,
    });
  }

  /** Observable handlers are awaited too, inside the transaction. */
  @EventPattern('LeadMatched')
  onLeadMatched(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Observable<void> {
    return defer(async () => {
      await ctx.manager.getRepository(AppliedEntity).insert({
        eventId: event.id,
        streamId: event.streamId,
        streamVersion: event.streamVersion,
        eventType: event.type,
      });
    });
  }

  @EventPattern('LeadPoisoned')
  async onLeadPoisoned(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    poisonCalls.push(ctx.attempt);
    // written, then rolled back by the failure
    await ctx.manager.getRepository(AppliedEntity).insert({ eventId: event.id, streamId: event.streamId, streamVersion: event.streamVersion, eventType: event.type });
    throw new Error(`lead ${event.streamId} cannot be matched`);
  }
}

@Module({ controllers: [LeadsController] })
class LeadsModule {}

describe.each([
  ['embedded', createEmbeddedHarness],
  ['kafka', () => createKafkaHarness({ partitions: 1 })],
] as const)('NestJS EventBusServer over the %s bus', (kind, createHarness: () => Promise<BusHarness>) => {
  let harness: BusHarness;
  let app: INestMicroservice;
  let group: string;
  const parked: ParkedEvent[] = [];

  beforeEach(async () => {
    poisonCalls.length = 0;
    parked.length = 0;
    harness = await createHarness();
    group = uniqueName('nest');
    app = await NestFactory.createMicroservice(LeadsModule, {
      strategy: new EventBusServer({
        bus: harness.bus,
        group,
        topics: [harness.topic],
        maxAttempts: 3,
        retryDelayMs: 10,
        onParked: (p) => parked.push(p),
      }),
      logger: false,
    });
    app.useGlobalFilters(new EventBusExceptionFilter());
    await app.listen();
  });
  afterEach(async () => {
    await app.close();
    await harness.close();
  });

  it('dispatches by event type in the consumer transaction and parks what a handler cannot apply', async () => {
    // given a lead stream with a poison event in the middle and an event type nobody handles
    const stream = `case-${uniqueName('l')}`; // the harness topic is cases.events.v1
    const published = await harness.publish([
      { streamId: stream, type: 'LeadReceived' },
      { streamId: stream, type: 'LeadMatched' },
      { streamId: stream, type: 'LeadPoisoned' },
      { streamId: stream, type: 'LeadArchived' },
      { streamId: stream, type: 'LeadReceived' },
    ]);
    // then the good events are applied in order, after the poison was tried three times and parked
    await pollUntil(async () => (await appliedCounts(harness.dataSource)).total === 3 || undefined, { timeoutMs: 40000, what: 'three applied' });
    expect((await appliedRows(harness.dataSource)).map((r) => r.eventId)).toEqual([published[0].id, published[1].id, published[4].id]);
    expect(poisonCalls).toEqual([0, 1, 2]);
    expect(parked).toEqual([expect.objectContaining({ eventId: published[2].id, eventType: 'LeadPoisoned', attempts: 3 })]);
    // the real error is kept (not Nest's "Internal server error")
    expect(parked[0].error).toContain(`lead ${stream} cannot be matched`);
    expect(await listParked(harness.dataSource, group, 'parked')).toHaveLength(1);
    // the unhandled type is processed, not parked
    expect(await harness.dataSource.getRepository(ProcessedEventEntity).existsBy({ group, eventId: published[3].id })).toBe(true);
    if (kind === 'kafka') {
      // every message is accounted for before the offset moved past it: all five committed
      const k = harness as KafkaHarness;
      await pollUntil(async () => (await committedOffsets(k.admin, group, k.topic)).get(0) === 5n || undefined, { timeoutMs: 20000, what: 'offset 5' });
    }
  });
});
