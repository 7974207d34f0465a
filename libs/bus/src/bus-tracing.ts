/**
 * Trace context across the bus (docs/operations/tracing.md): the relay's producer span per published event, parented
 * on the context the event's metadata carries (its append) and injected into the Kafka message's headers; a consumer
 * span per handled event, parented on those headers or, without them (the embedded bus, a replay), on the metadata.
 * Off until the platform hands a tracer over (setBusTracer): every hook then returns at once.
 */
import { Context, context, propagation, ROOT_CONTEXT, Span, SpanContext, SpanKind, SpanStatusCode, trace, Tracer } from '@opentelemetry/api';
import type { EventMetadata, StoredEvent } from '@jm/event-sourcing';
import type { EventHandler } from './bus.port';

let tracer: Tracer | undefined;

/** The tracer the bus's spans come from; undefined turns them off. */
export function setBusTracer(next: Tracer | undefined): void {
  tracer = next;
}

/** The trace context a carrier (event metadata, message headers) holds; the root context when it holds none. */
export function contextFrom(carrier: EventMetadata | Record<string, string> | undefined): Context {
  return carrier?.traceparent ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
}

/** traceparent (and tracestate) of a context, as metadata and headers carry them. */
export function traceCarrier(ctx: Context): EventMetadata {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/** An error status and the exception on a span. */
export function markSpanFailed(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

export interface PublishSpans {
  /** After the broker acknowledged the batch. */
  end(): void;
  /** A failed attempt (the relay retries the batch). */
  attemptFailed(error: unknown): void;
}

/**
 * One producer span per message, parented on its event's metadata; each span's context goes into its message's
 * headers. Undefined when tracing is off.
 */
export function startPublishSpans(
  topic: string,
  events: readonly StoredEvent[],
  messages: ReadonlyArray<{ key: string; headers: Record<string, string> }>,
): PublishSpans | undefined {
  if (!tracer) return undefined;
  const byId = new Map(events.map((event) => [event.id, event]));
  const spans = messages.map((message) => {
    const event = byId.get(message.headers['event-id']);
    const span = tracer!.startSpan(
      `publish ${topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'send',
          'messaging.destination.name': topic,
          'messaging.kafka.message.key': message.key,
          'jm.event.id': message.headers['event-id'],
          'jm.event.type': message.headers['event-type'],
        },
      },
      contextFrom(event?.metadata),
    );
    Object.assign(message.headers, traceCarrier(trace.setSpan(ROOT_CONTEXT, span)));
    return span;
  });
  return {
    end: () => spans.forEach((span) => span.end()),
    attemptFailed: (error) => spans.forEach((span) => span.addEvent('publish attempt failed', { 'exception.message': String(error) })),
  };
}

/** The trace context of each event as delivered by Kafka (its headers), which wins over the one in its metadata. */
const delivered = new WeakMap<StoredEvent, EventMetadata>();

/** Records the trace headers a Kafka message came with, for the consumer span of its event. */
export function rememberTraceHeaders(
  event: StoredEvent,
  headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined,
): void {
  if (!tracer || !headers) return;
  const header = (name: string): string | undefined => {
    const value = headers[name];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : first.toString();
  };
  const traceparent = header('traceparent');
  if (!traceparent) return;
  const tracestate = header('tracestate');
  delivered.set(event, tracestate ? { traceparent, tracestate } : { traceparent });
}

/**
 * The consumer spans of the events whose handler failed lately, by event id: the bus's own lines about them (`handler
 * failed`, `event parked`) are written after the span has ended, and the log mixin finds their trace here.
 */
const failedSpans = new Map<string, SpanContext>();
const FAILED_SPANS_KEPT = 1000;

/** The consumer span in which this event's handler last failed, if it failed lately. */
export function failedEventSpan(eventId: unknown): SpanContext | undefined {
  return typeof eventId === 'string' ? failedSpans.get(eventId) : undefined;
}

function rememberFailure(eventId: string, span: Span): void {
  failedSpans.delete(eventId);
  failedSpans.set(eventId, span.spanContext());
  if (failedSpans.size > FAILED_SPANS_KEPT) failedSpans.delete(failedSpans.keys().next().value as string);
}

/**
 * The handler inside a consumer span per event: what it appends (a process manager's command) is traced as its
 * child, so the trace goes on through the next relay and consumer.
 */
export function tracedHandler(group: string, handler: EventHandler): EventHandler {
  return (event, ctx) => {
    if (!tracer) return handler(event, ctx);
    const span = tracer.startSpan(
      `process ${event.type}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.operation.type': 'process',
          'messaging.consumer.group.name': group,
          'messaging.destination.name': ctx.topic,
          'jm.event.id': event.id,
          'jm.event.type': event.type,
          'jm.stream.id': event.streamId,
          'jm.attempt': ctx.attempt,
        },
      },
      contextFrom(delivered.get(event) ?? event.metadata),
    );
    return context.with(trace.setSpan(ROOT_CONTEXT, span), async () => {
      try {
        return await handler(event, ctx);
      } catch (error) {
        markSpanFailed(span, error);
        rememberFailure(event.id, span);
        throw error;
      } finally {
        span.end();
      }
    });
  };
}
