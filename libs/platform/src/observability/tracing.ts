/**
 * The process's OpenTelemetry tracing (docs/operations/tracing.md): a TracerProvider with the W3C trace-context
 * propagator and an AsyncLocalStorage context manager, exporting to Zipkin or OTLP/HTTP as TracingSettings say.
 * Off (exporter none) it registers nothing: the OpenTelemetry API stays a no-op and the bus, store and HTTP hooks
 * return at once, so an untraced service pays no async hook and no span.
 */
import { context, propagation, trace, Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  Sampler,
  SimpleSpanProcessor,
  SpanExporter,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { setBusTracer } from '@jm/bus';
import type { TracesSampler, TracingSettings } from './tracing-settings';

export const TRACER_NAME = 'jm';

export interface Tracing {
  /** Undefined when tracing is off. */
  readonly tracer: Tracer | undefined;
  /** Exports what is buffered and unregisters; the process's shutdown awaits it. */
  shutdown(): Promise<void>;
}

export interface StartTracingOptions {
  /** The service instance (INSTANCE_ID), a resource attribute of every span. */
  instanceId?: string;
  /** Replaces the configured exporter, spans going out one by one (tests: an InMemorySpanExporter). */
  exporter?: SpanExporter;
}

const OFF: Tracing = { tracer: undefined, shutdown: async () => undefined };
let running: Tracing | undefined;

function sampler(kind: TracesSampler, ratio: number): Sampler {
  const root = kind.endsWith('always_on')
    ? new AlwaysOnSampler()
    : kind.endsWith('always_off')
      ? new AlwaysOffSampler()
      : new TraceIdRatioBasedSampler(ratio);
  return kind.startsWith('parentbased_') ? new ParentBasedSampler({ root }) : root;
}

function exporterOf(settings: TracingSettings): SpanExporter {
  return settings.exporter === 'zipkin'
    ? new ZipkinExporter({ url: settings.endpoint, serviceName: settings.serviceName })
    : new OTLPTraceExporter({ url: settings.endpoint });
}

/** Starts tracing for this process, or returns a handle that does nothing when the settings turn it off. */
export function startTracing(settings: TracingSettings, options: StartTracingOptions = {}): Tracing {
  if (settings.exporter === 'none' && !options.exporter) return OFF;
  if (running) throw new Error('tracing is already started in this process');
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: settings.serviceName,
      ...(options.instanceId ? { 'service.instance.id': options.instanceId } : {}),
    }),
    sampler: sampler(settings.sampler, settings.samplerRatio),
    spanProcessors: [
      options.exporter ? new SimpleSpanProcessor({ exporter: options.exporter }) : new BatchSpanProcessor({ exporter: exporterOf(settings) }),
    ],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  const tracer = provider.getTracer(TRACER_NAME);
  setBusTracer(tracer);
  let stopped: Promise<void> | undefined;
  const handle: Tracing = {
    tracer,
    shutdown: () =>
      (stopped ??= (async () => {
        setBusTracer(undefined);
        try {
          await provider.shutdown();
        } finally {
          trace.disable();
          propagation.disable();
          context.disable();
          running = undefined;
        }
      })()),
  };
  running = handle;
  return handle;
}

/** The tracing this process started, if any (the store and HTTP hooks ask it). */
export function activeTracer(): Tracer | undefined {
  return running?.tracer;
}
