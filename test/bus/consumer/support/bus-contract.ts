/**
 * The bus consumer contract, run against every adapter (embedded, kafka): what
 * a consuming service may rely on whichever bus it runs on.
 */
import { BusRunningConsumer, EventHandler, listParked, ParkedEvent, ProcessedEventEntity } from '@jm/bus';
import { pollUntil, uniqueName } from '@jm/testing';
import { AppliedEntity, appliedCounts, appliedRows } from './consumer-db';
import { BusHarness } from './harness';

/** Writes every event it is given to `applied` through the consumer transaction. */
export const applyingHandler =
  (before?: EventHandler): EventHandler =>
  async (event, context) => {
    await context.manager.getRepository(AppliedEntity).insert({
      eventId: event.id,
      streamId: event.streamId,
      streamVersion: event.streamVersion,
      eventType: event.type,
    });
    await before?.(event, context);
  };

const waitForApplied = (harness: BusHarness, count: number, timeoutMs = 40000) =>
  pollUntil(async () => (await appliedCounts(harness.dataSource)).total >= count || undefined, {
    timeoutMs,
    what: `${count} applied events`,
  });

export function busContract(name: string, createHarness: () => Promise<BusHarness>): void {
  describe(`bus consumer contract: ${name}`, () => {
    let harness: BusHarness;
    let consumer: BusRunningConsumer | undefined;
    let group: string;
    const streams = (n: number) => Array.from({ length: n }, (_, i) => `case-${uniqueName('s')}-${i}`);

    beforeEach(async () => {
      harness = await createHarness();
      group = uniqueName('group');
    });
    afterEach(async () => {
      await consumer?.stop();
      consumer = undefined;
      await harness.close();
    });

    const start = async (options: Partial<Parameters<BusHarness['bus']['startConsumer']>[0]> & { retryDelayMs?: number } = {}) => {
      consumer = (await harness.bus.startConsumer({
        group,
        topics: [harness.topic],
        handler: applyingHandler(),
        retryDelayMs: 10,
        ...options,
      } as Parameters<BusHarness['bus']['startConsumer']>[0])) as BusRunningConsumer;
      return consumer;
    };

    it('hands each stream its events in order', async () => {
      // given events of five streams, interleaved
      const ids = streams(5);
      const specs = Array.from({ length: 100 }, (_, i) => ({ streamId: ids[i % 5], type: 'CaseNoted' }));
      await harness.publish(specs.slice(0, 50));
      // when a consumer runs (and more arrive while it runs)
      await start();
      await harness.publish(specs.slice(50));
      // then every stream was applied completely, in stream order
      await waitForApplied(harness, 100);
      const rows = await appliedRows(harness.dataSource);
      expect(rows).toHaveLength(100);
      for (const streamId of ids) {
        const versions = rows.filter((r) => r.streamId === streamId).map((r) => r.streamVersion);
        expect(versions).toEqual(Array.from({ length: 20 }, (_, i) => i));
      }
    });

    it('applies a redelivered event once', async () => {
      // given ten events that were handled
      const [a, b] = streams(2);
      await harness.publish(Array.from({ length: 10 }, (_, i) => ({ streamId: i % 2 ? a : b, type: 'CaseNoted' })));
      await start();
      await waitForApplied(harness, 10);
      await consumer!.stop();
      // when the group is rewound and everything is delivered again
      await harness.rewind(group);
      await start();
      const [marker] = await harness.publish([{ streamId: a, type: 'CaseNoted' }]);
      await pollUntil(async () => (await appliedRows(harness.dataSource)).some((r) => r.eventId === marker.id) || undefined, {
        timeoutMs: 40000,
        what: 'the marker event',
      });
      // then each event was applied exactly once
      expect(await appliedCounts(harness.dataSource)).toEqual({ total: 11, distinct: 11 });
    });

    it('parks a poison event after maxAttempts, reports it, and keeps the others flowing; replayParked applies it once fixed', async () => {
      // given a handler that always fails for one event
      const [a, b] = streams(2);
      let fixed = false;
      const poisonAttempts: number[] = [];
      const parked: ParkedEvent[] = [];
      await start({
        maxAttempts: 3,
        onParked: (p) => parked.push(p),
        handler: applyingHandler(async (event, context) => {
          if (event.type === 'CasePoisoned' && !fixed) {
            poisonAttempts.push(context.attempt);
            throw new Error('cannot apply CasePoisoned');
          }
        }),
      });
      // when it arrives between good events of its own stream and another stream
      const published = await harness.publish([
        { streamId: a, type: 'CaseNoted' },
        { streamId: a, type: 'CasePoisoned' },
        { streamId: a, type: 'CaseNoted' },
        { streamId: b, type: 'CaseNoted' },
        { streamId: a, type: 'CaseNoted' },
        { streamId: b, type: 'CaseNoted' },
      ]);
      const poison = published[1];
      // then it is parked and reported after three tries, and the rest is applied
      await pollUntil(() => parked.length > 0 || undefined, { timeoutMs: 40000, what: 'onParked' });
      await waitForApplied(harness, 5);
      expect(poisonAttempts).toEqual([0, 1, 2]);
      expect(parked).toEqual([
        expect.objectContaining({ group, eventId: poison.id, eventType: 'CasePoisoned', streamId: a, topic: harness.topic, attempts: 3 }),
      ]);
      expect(parked[0].error).toContain('cannot apply CasePoisoned');
      const rows = await listParked(harness.dataSource, group);
      expect(rows).toEqual([expect.objectContaining({ eventId: poison.id, status: 'parked', attempts: 3, payloadFormat: 'event' })]);
      expect(JSON.parse(rows[0].payload)).toEqual(expect.objectContaining({ id: poison.id, type: 'CasePoisoned' }));
      const applied = await appliedRows(harness.dataSource);
      expect(applied.map((r) => r.eventId).sort()).toEqual(
        published
          .filter((p) => p !== poison)
          .map((p) => p.id)
          .sort(),
      );
      // the failed tries were rolled back: their `applied` rows are gone
      expect(applied.some((r) => r.eventId === poison.id)).toBe(false);
      // it is recorded as processed, so a redelivery will not run it again
      expect(await harness.dataSource.getRepository(ProcessedEventEntity).existsBy({ group, eventId: poison.id })).toBe(true);

      // when the handler is fixed and the event replayed
      fixed = true;
      await consumer!.replayParked(poison.id);
      // then it is applied once and marked replayed; a second replay is refused
      const after = await appliedRows(harness.dataSource);
      expect(after.filter((r) => r.eventId === poison.id)).toHaveLength(1);
      expect(await listParked(harness.dataSource, group)).toEqual([expect.objectContaining({ eventId: poison.id, status: 'replayed' })]);
      await expect(consumer!.replayParked(poison.id)).rejects.toThrow(/replayed, not parked/);
      expect(await appliedCounts(harness.dataSource)).toEqual({ total: 6, distinct: 6 });
    });

    it('applies an event whose handler fails twice and then succeeds exactly once', async () => {
      const [a] = streams(1);
      const attempts: number[] = [];
      const parked: ParkedEvent[] = [];
      await start({
        maxAttempts: 5,
        onParked: (p) => parked.push(p),
        // writes its row first, then fails: the rollback must take the row away
        handler: applyingHandler(async (event, context) => {
          if (event.type !== 'CaseFlaky') return;
          attempts.push(context.attempt);
          if (context.attempt < 2) throw new Error(`flaky failure ${context.attempt}`);
        }),
      });
      const published = await harness.publish([
        { streamId: a, type: 'CaseNoted' },
        { streamId: a, type: 'CaseFlaky' },
        { streamId: a, type: 'CaseNoted' },
      ]);
      await waitForApplied(harness, 3);
      const rows = await appliedRows(harness.dataSource);
      expect(rows.map((r) => r.eventId)).toEqual(published.map((p) => p.id));
      expect(attempts).toEqual([0, 1, 2]);
      expect(parked).toEqual([]);
      expect(await listParked(harness.dataSource, group)).toEqual([]);
    });
  });
}
