/**
 * The NestJS transport on both adapters: @EventPattern handlers receive events
 * by type inside the consumer transaction (ctx.manager), an event type nobody
 * handles is recorded as processed, and a throwing handler leads to retries and
 * parking with its real error, never to a skipped event. Two controllers
 * handling one type both run, once each, in the same transaction.
 */
import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Observable, defer } from 'rxjs';
import { listParked, ParkedEvent, ProcessedEventEntity } from '@jm/bus';
import { EventBusContext, EventBusExceptionFilter, EventBusServer } from '@jm/platform';
import { StoredEvent } from '@jm/event-sourcing';
import { pollUntil, uniqueName } from '@jm/testing';
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
    await ctx.manager
      .getRepository(AppliedEntity)
      .insert({ eventId: event.id, streamId: event.streamId, streamVersion: event.streamVersion, eventType: event.type });
    throw new Error(`lead ${event.streamId} cannot be matched`);
  }
}

async function record(ctx: EventBusContext, event: StoredEvent, eventType: string): Promise<void> {
  await ctx.manager
    .getRepository(AppliedEntity)
    .insert({ eventId: event.id, streamId: event.streamId, streamVersion: event.streamVersion, eventType });
}

/** Handles the types TaggingController handles too: both run, in the same transaction. */
@Controller()
class FollowUpController {
  @EventPattern('LeadTagged')
  async onLeadTagged(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await record(ctx, event, 'LeadTagged:follow-up');
  }

  @EventPattern('LeadSplit')
  async onLeadSplit(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await record(ctx, event, 'LeadSplit:follow-up');
    throw new Error(`follow-up of ${event.streamId} failed`);
  }
}

@Controller()
class TaggingController {
  @EventPattern('LeadTagged')
  async onLeadTagged(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await record(ctx, event, 'LeadTagged');
  }

  @EventPattern('LeadSplit')
  async onLeadSplit(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await record(ctx, event, 'LeadSplit');
  }
}

@Module({ controllers: [LeadsController, TaggingController, FollowUpController] })
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
      await pollUntil(async () => (await committedOffsets(k.admin, group, k.topic)).get(0) === 5n || undefined, {
        timeoutMs: 20000,
        what: 'offset 5',
      });
    }
  });

  it('runs every handler of a type once in one transaction, and a failing one rolls them all back', async () => {
    const stream = `case-${uniqueName('t')}`;
    const published = await harness.publish([
      { streamId: stream, type: 'LeadSplit' },
      { streamId: stream, type: 'LeadTagged' },
    ]);
    await pollUntil(async () => (parked.length === 1 && (await appliedCounts(harness.dataSource)).total >= 2) || undefined, {
      timeoutMs: 40000,
      what: 'the tagged event applied and the split parked',
    });
    const rows = (await appliedRows(harness.dataSource)).map((r) => [r.eventId, r.eventType]);
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(
      expect.arrayContaining([
        [published[1].id, 'LeadTagged'],
        [published[1].id, 'LeadTagged:follow-up'],
      ]),
    );
    // the split was parked as a whole: the first handler's row went with the second's failure
    expect(parked).toEqual([expect.objectContaining({ eventId: published[0].id, eventType: 'LeadSplit', attempts: 3 })]);
    expect(parked[0].error).toContain(`follow-up of ${stream} failed`);
  });
});
