/**
 * The event store seen through an append span (docs/operations/tracing.md): each append runs in a span, child of the
 * active context (an HTTP request, a consumer's event), and every new event without trace metadata gets that span's
 * context in its metadata, so the relay, the consumers and any later replay continue the same trace.
 */
import { context, SpanKind, trace } from '@opentelemetry/api';
import { markSpanFailed, traceCarrier } from '@jm/bus';
import type { EventStore, NewEvent } from '@jm/event-sourcing';
import { activeTracer } from './tracing';

/** The store itself when tracing is off; otherwise the same store with a traced append (every other member as is). */
export function traceEventStore<S extends EventStore>(store: S): S {
  const tracer = activeTracer();
  if (!tracer) return store;
  const append: EventStore['append'] = (streamId, events, expectedVersion) => {
    const span = tracer.startSpan(`append ${streamId.slice(0, streamId.indexOf('-'))}`, {
      kind: SpanKind.INTERNAL,
      attributes: { 'jm.stream.id': streamId, 'jm.event.count': events.length, 'jm.event.types': [...new Set(events.map((e) => e.type))] },
    });
    const active = trace.setSpan(context.active(), span);
    const carrier = traceCarrier(active);
    const traced = events.map((event): NewEvent => (event?.metadata?.traceparent || !carrier.traceparent ? event : { ...event, metadata: carrier }));
    return context.with(active, async () => {
      try {
        const result = await store.append(streamId, traced, expectedVersion);
        span.setAttribute('jm.position', result.position);
        return result;
      } catch (error) {
        markSpanFailed(span, error);
        throw error;
      } finally {
        span.end();
      }
    });
  };
  return new Proxy(store, {
    get: (target, property, receiver) => (property === 'append' ? append : Reflect.get(target, property, receiver)),
  });
}
