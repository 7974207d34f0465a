/**
 * Traces on the embedded bus (no Kafka, no headers): a consumer continues the trace from the event's metadata, and
 * what its handler appends (a process manager's command) carries the consumer's context on to the next consumer.
 * Real parts: the SQLite store file, the embedded bus and its SQLite consumer database; spans in memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace';
import { EmbeddedBus, RunningConsumer, topicFor } from '@jm/bus';
import { SqliteEventStore } from '@jm/event-sourcing';
import { loadConfig, startTracing, traceEventStore, Tracing } from '@jm/platform';
import { TEST_SECURITY_ENV } from '@jm/platform/testing';
import { pollUntil } from '@jm/testing';
import { openConsumerDb } from '../bus/consumer/support/consumer-db';
import { newEvent as event } from '../bus/consumer/support/events';
import { quietLogger } from '../bus/consumer/support/harness';

const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan): string => span.spanContext().spanId;

describe('traces on the embedded bus', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jm-trace-embedded-'));
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  const consumers: RunningConsumer[] = [];
  const closers: Array<() => Promise<unknown>> = [];

  beforeAll(() => {
    tracing = startTracing(loadConfig('cases', { ...TEST_SECURITY_ENV, PORT: '0' }).tracing, { exporter });
  });
  afterAll(async () => {
    for (const consumer of consumers) await consumer.stop();
    for (const close of closers.reverse()) await close();
    await tracing.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it("given a lead appended in a request's span, when a process manager handles it and appends, then the next consumer's span is in the same trace, two hops down", async () => {
    const store = traceEventStore(SqliteEventStore.open({ path: join(dir, 'events.sqlite'), pollIntervalMs: 20, synchronous: 'NORMAL' }));
    closers.push(() => store.close());
    const dataSource = await openConsumerDb({ kind: 'sqlite', path: join(dir, 'consumer.sqlite') });
    closers.push(() => dataSource.destroy());
    const bus = new EmbeddedBus({ store, dataSource, logger: quietLogger });
    closers.push(() => bus.close());

    // A process manager: each lead opens a routing stream of cases.
    consumers.push(
      await bus.startConsumer({
        group: 'cases-pm',
        topics: [topicFor('intake')],
        handler: async (received) => {
          await store.append(`routing-${received.streamId.slice('lead-'.length)}`, [event('TriageOpened')], 'no_stream');
        },
      }),
    );
    const handled: string[] = [];
    consumers.push(
      await bus.startConsumer({
        group: 'reporting',
        topics: [topicFor('cases')],
        handler: async (received) => {
          handled.push(received.type);
        },
      }),
    );

    const request = tracing.tracer!.startSpan('POST /public/leads', { kind: SpanKind.SERVER });
    await context.with(trace.setSpan(context.active(), request), () => store.append('lead-t1', [event('LeadReceived')], 'no_stream'));
    request.end();
    await pollUntil(() => handled.includes('TriageOpened'), { timeoutMs: 20_000, what: 'reporting to handle TriageOpened' });
    const spans = await pollUntil(
      () => {
        const finished = exporter.getFinishedSpans();
        return finished.filter((span) => span.name === 'process TriageOpened').length ? finished : undefined;
      },
      { what: 'the second consumer span' },
    );

    const named = (name: string): ReadableSpan => spans.find((span) => span.name === name)!;
    const [appendLead, processLead, appendRouting, processTriage] = [
      'append lead',
      'process LeadReceived',
      'append routing',
      'process TriageOpened',
    ].map(named);
    expect(new Set(spans.map((span) => span.spanContext().traceId))).toEqual(new Set([request.spanContext().traceId]));
    expect(parentOf(appendLead)).toBe(request.spanContext().spanId);
    expect(parentOf(processLead)).toBe(idOf(appendLead));
    expect(processLead.kind).toBe(SpanKind.CONSUMER);
    expect(parentOf(appendRouting)).toBe(idOf(processLead));
    expect(parentOf(processTriage)).toBe(idOf(appendRouting));

    // The context is stored with the event: a rebuild or replay reads it back.
    const [opened] = await store.readStream('routing-t1');
    expect(opened.metadata?.traceparent).toBe(`00-${request.spanContext().traceId}-${idOf(appendRouting)}-01`);
  });
});
