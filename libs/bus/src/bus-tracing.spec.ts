import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { StoredEvent } from '@jm/event-sourcing';
import { storedEvent } from '@jm/event-sourcing/testing';
import type { HandlerContext } from './bus.port';
import { encodeMessage } from './integration-message';
import { failedEventSpan, rememberTraceHeaders, setBusTracer, startPublishSpans, tracedHandler } from './bus-tracing';

const APPEND_TRACE = '0af7651916cd43dd8448eb211c80319c';
const APPEND_SPAN = 'b7ad6b7169203331';
const stored = (metadata?: StoredEvent['metadata']): StoredEvent =>
  storedEvent('lead-1', { type: 'LeadReceived', ...(metadata ? { metadata } : {}) });
const handlerContext = { topic: 'intake.events.v1', attempt: 0 } as HandlerContext;
const activeSpanId = (): string | undefined => trace.getSpan(context.active())?.spanContext().spanId;

describe('trace context across the bus', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });

  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  afterEach(() => {
    setBusTracer(undefined);
    exporter.reset();
  });
  afterAll(async () => {
    await provider.shutdown();
    context.disable();
    propagation.disable();
  });

  describe('off (no tracer handed over)', () => {
    it('given an event to publish, then no span and the headers stay as they were', () => {
      const message = encodeMessage(stored({ traceparent: `00-${APPEND_TRACE}-${APPEND_SPAN}-01` }));
      const headers = { ...message.headers };
      expect(startPublishSpans('intake.events.v1', [stored()], [message])).toBeUndefined();
      expect(message.headers).toEqual(headers);
    });

    it('given a handled event, then the handler runs as it is, in no span', async () => {
      let active: string | undefined = 'unset';
      await tracedHandler('cases', async () => {
        active = activeSpanId();
      })(stored({ traceparent: `00-${APPEND_TRACE}-${APPEND_SPAN}-01` }), handlerContext);
      expect(active).toBeUndefined();
      expect(exporter.getFinishedSpans()).toEqual([]);
    });
  });

  describe('on', () => {
    beforeEach(() => setBusTracer(provider.getTracer('test')));

    it("given an event whose metadata holds its append's context, then its producer span is that span's child and its message's headers carry the producer span", () => {
      const event = stored({ traceparent: `00-${APPEND_TRACE}-${APPEND_SPAN}-01` });
      const message = encodeMessage(event);
      const spans = startPublishSpans('intake.events.v1', [event], [message])!;
      spans.attemptFailed(new Error('broker down'));
      spans.end();
      const [producer] = exporter.getFinishedSpans();
      expect(producer.kind).toBe(SpanKind.PRODUCER);
      expect(producer.spanContext().traceId).toBe(APPEND_TRACE);
      expect(producer.parentSpanContext?.spanId).toBe(APPEND_SPAN);
      expect(producer.events.map((e) => e.name)).toEqual(['publish attempt failed']);
      expect(message.headers.traceparent).toBe(`00-${APPEND_TRACE}-${producer.spanContext().spanId}-01`);
      expect(message.headers['event-id']).toBe(event.id);
    });

    it('given Kafka headers with a traceparent, then the consumer span follows the headers rather than the metadata, and is active in the handler', async () => {
      const event = stored({ traceparent: `00-${APPEND_TRACE}-${APPEND_SPAN}-01` });
      const producerSpan = '00f067aa0ba902b7';
      rememberTraceHeaders(event, { traceparent: Buffer.from(`00-${APPEND_TRACE}-${producerSpan}-01`), 'event-id': Buffer.from(event.id) });
      let active: string | undefined;
      await tracedHandler('cases', async () => {
        active = activeSpanId();
      })(event, handlerContext);
      const [consumer] = exporter.getFinishedSpans();
      expect(consumer.kind).toBe(SpanKind.CONSUMER);
      expect(consumer.name).toBe('process LeadReceived');
      expect(consumer.spanContext().traceId).toBe(APPEND_TRACE);
      expect(consumer.parentSpanContext?.spanId).toBe(producerSpan);
      expect(consumer.attributes).toMatchObject({ 'messaging.consumer.group.name': 'cases', 'jm.event.id': event.id });
      expect(active).toBe(consumer.spanContext().spanId);
    });

    it('given no headers (the embedded bus, a replay), then the consumer span follows the metadata; a failing handler marks it and its error goes on', async () => {
      const event = stored({ traceparent: `00-${APPEND_TRACE}-${APPEND_SPAN}-01` });
      await expect(
        tracedHandler('reporting', async () => {
          throw new Error('projection failed');
        })(event, handlerContext),
      ).rejects.toThrow('projection failed');
      const [consumer] = exporter.getFinishedSpans();
      expect(consumer.parentSpanContext?.spanId).toBe(APPEND_SPAN);
      expect(consumer.status).toMatchObject({ code: 2, message: 'projection failed' });
      // Kept for the bus's lines about the failure, written after the span ended.
      expect(failedEventSpan(event.id)).toEqual(consumer.spanContext());
      expect(failedEventSpan('another-event')).toBeUndefined();
    });

    it('given an event without metadata, then its consumer span starts a trace of its own', async () => {
      await tracedHandler('reporting', async () => undefined)(stored(), handlerContext);
      const [consumer] = exporter.getFinishedSpans();
      expect(consumer.parentSpanContext).toBeUndefined();
    });
  });
});
