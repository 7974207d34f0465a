import { spawn } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { randomUUID } from 'node:crypto';
import { NewEvent, SqliteEventStore } from '@jm/event-sourcing';
import { ConfigError } from '../config/config-error';
import { loadConfig } from '../config/service-config';
import { createServiceLogger } from '../nest/service-app';
import { traceLogFields } from '../nest/service-logging';
import { HandlerContext, tracedHandler } from '@jm/bus';
import { TEST_SECURITY_ENV } from '../testing/auth';
import { traceRequests } from './trace-requests';
import { traceEventStore } from './traced-event-store';
import { startTracing, Tracing } from './tracing';

const config = (env: Record<string, string> = {}) => loadConfig('intake', { ...TEST_SECURITY_ENV, PORT: '0', ...env });
const newEvent = (type = 'LeadReceived', data: unknown = {}, more: Partial<NewEvent> = {}): NewEvent => ({
  id: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  time: '2026-03-02T01:00:00.000Z',
  correlationId: 'c',
  causationId: 'c',
  actor: { agency: 'office', user: 'tester' },
  ...more,
});
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe('tracing configuration (OTEL_*)', () => {
  it('given no OTEL variable, then tracing is off and the service name is the service', () => {
    expect(config().tracing).toMatchObject({ exporter: 'none', serviceName: 'intake', sampler: 'parentbased_always_on', samplerRatio: 1 });
  });

  it('given an exporter and its endpoint, then spans go there; OTEL_SDK_DISABLED=true turns it off again', () => {
    const zipkin = { OTEL_TRACES_EXPORTER: 'zipkin', OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'http://127.0.0.1:9411/api/v2/spans' };
    expect(config(zipkin).tracing).toMatchObject({ exporter: 'zipkin', endpoint: 'http://127.0.0.1:9411/api/v2/spans' });
    expect(config({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing.endpoint).toBe(
      'http://collector:4318/v1/traces',
    );
    expect(
      config({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector/traces', OTEL_SERVICE_NAME: 'intake-lc' })
        .tracing,
    ).toMatchObject({ endpoint: 'https://collector/traces', serviceName: 'intake-lc' });
    expect(config({ ...zipkin, OTEL_SDK_DISABLED: 'true' }).tracing.exporter).toBe('none');
  });

  it('given bad values, then one ConfigError names each variable', () => {
    let error: unknown;
    try {
      config({
        OTEL_TRACES_EXPORTER: 'jaeger',
        OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'zipkin:9411',
        OTEL_TRACES_SAMPLER_ARG: '1.5',
        OTEL_SDK_DISABLED: 'yes',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['OTEL_TRACES_EXPORTER', 'OTEL_EXPORTER_ZIPKIN_ENDPOINT', 'OTEL_TRACES_SAMPLER_ARG', 'OTEL_SDK_DISABLED'])
      expect(message).toContain(name);
  });
});

describe('tracing off', () => {
  it('given exporter none, then nothing is registered: no tracer, the store as it is, no span and no trace field in logs', async () => {
    const tracing = startTracing(config().tracing);
    expect(tracing.tracer).toBeUndefined();
    const store = { append: jest.fn() } as unknown as SqliteEventStore;
    expect(traceEventStore(store)).toBe(store);
    // The API stays the no-op one: a span started anyway records nothing and is never active.
    const span = trace.getTracer('probe').startSpan('x');
    expect(span.isRecording()).toBe(false);
    const lines: string[] = [];
    createServiceLogger(config(), { write: (line: string) => lines.push(line) }).info('hello');
    expect(JSON.parse(lines[0])).not.toHaveProperty('trace_id');
    await tracing.shutdown();
  });
});

describe('tracing on (an in-memory exporter)', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  const dir = mkdtempSync(join(tmpdir(), 'jm-tracing-'));

  beforeAll(() => {
    tracing = startTracing(config().tracing, { exporter, instanceId: 'intake-test' });
  });
  afterEach(() => exporter.reset());
  afterAll(async () => {
    await tracing.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given a second start in the same process, then it is refused', () => {
    expect(() => startTracing(config().tracing, { exporter })).toThrow(/already started/);
  });

  it('given an append inside a span, then the append is its child and each new event carries the append span in its metadata', async () => {
    const store = traceEventStore(SqliteEventStore.open({ path: join(dir, 'events.sqlite') }));
    try {
      const parent = tracing.tracer!.startSpan('request');
      const kept = '00-11111111111111111111111111111111-2222222222222222-01';
      await context.with(trace.setSpan(context.active(), parent), () =>
        store.append('lead-t1', [newEvent('LeadReceived'), newEvent('LeadReportedToOffice', {}, { metadata: { traceparent: kept } })], 'no_stream'),
      );
      parent.end();
      const [first, second] = await store.readStream('lead-t1');
      const append = exporter.getFinishedSpans().find((span) => span.name === 'append lead')!;
      expect(append.spanContext().traceId).toBe(parent.spanContext().traceId);
      expect(append.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(append.attributes).toMatchObject({ 'jm.stream.id': 'lead-t1', 'jm.event.count': 2 });
      expect(first.metadata?.traceparent).toBe(`00-${append.spanContext().traceId}-${append.spanContext().spanId}-01`);
      // An event that came with a trace context keeps it (a replay, a copy).
      expect(second.metadata?.traceparent).toBe(kept);
      // Other members are the store's own.
      expect(await store.headPosition()).toBe(second.position);
    } finally {
      await store.close();
    }
  });

  it('given a failing append, then its span is an error and the error reaches the caller', async () => {
    const store = traceEventStore(SqliteEventStore.open({ path: join(dir, 'failing.sqlite') }));
    try {
      await store.append('lead-t2', [newEvent()], 'no_stream');
      await expect(store.append('lead-t2', [newEvent()], 'no_stream')).rejects.toThrow();
      const failed = exporter.getFinishedSpans().filter((span) => span.name === 'append lead');
      expect(failed.map((span) => span.status.code)).toEqual([0, 2]);
    } finally {
      await store.close();
    }
  });

  it("given a log line inside a span, then it carries the span's trace and span ids; outside, none", () => {
    const lines: string[] = [];
    const logger = createServiceLogger(config({ OTEL_TRACES_EXPORTER: 'zipkin' }), { write: (line: string) => lines.push(line) });
    const span = tracing.tracer!.startSpan('work');
    context.with(trace.setSpan(context.active(), span), () => logger.info('inside'));
    span.end();
    logger.info('outside');
    const [inside, outside] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(inside).toMatchObject({ msg: 'inside', trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId });
    expect(outside).not.toHaveProperty('trace_id');
    expect(traceLogFields()).toEqual({});
  });

  it("given a handler that failed, then the bus's later lines about its event carry the failed consumer span's ids", async () => {
    const lines: string[] = [];
    const logger = createServiceLogger(config({ OTEL_TRACES_EXPORTER: 'zipkin' }), { write: (line: string) => lines.push(line) });
    const event = { ...newEvent(), streamId: 'lead-t3', streamVersion: 0, position: 1, prevHash: '', hash: 'h', hashAlg: 'SM3' as const };
    const failing = tracedHandler('reporting', async () => {
      throw new Error('projection failed');
    });
    await expect(failing(event, { topic: 'intake.events.v1', attempt: 0 } as HandlerContext)).rejects.toThrow('projection failed');
    logger.warn({ eventId: event.id, attempt: 0 }, 'bus: handler failed, the transaction was rolled back');
    logger.warn({ eventId: 'an-event-that-never-failed' }, 'other');
    const consumer = exporter.getFinishedSpans().find((span) => span.name === 'process LeadReceived')!;
    const [failedLine, otherLine] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(failedLine).toMatchObject({ trace_id: consumer.spanContext().traceId, span_id: consumer.spanContext().spanId });
    expect(otherLine).not.toHaveProperty('trace_id');
  });

  describe('HTTP server spans', () => {
    let server: Server;
    let url: string;
    const seen: Array<string | undefined> = [];

    beforeAll(async () => {
      const middleware = traceRequests(tracing.tracer!);
      server = createServer((req, res) =>
        middleware(req, res, () => {
          // What the handler sees as active: the request's span.
          seen.push(traceLogFields().span_id);
          res.statusCode = req.url === '/boom' ? 500 : 201;
          res.end();
        }),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("given a caller's traceparent, then the request's span continues its trace and is active in the handler", async () => {
      const caller = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      await fetch(`${url}/public/leads?x=1`, { method: 'POST', headers: { traceparent: caller } });
      const [span] = exporter.getFinishedSpans();
      expect(span.kind).toBe(1); // SERVER
      expect(span.spanContext().traceId).toBe(TRACEPARENT.exec(caller)![1]);
      expect(span.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
      expect(span.attributes).toMatchObject({ 'http.request.method': 'POST', 'url.path': '/public/leads', 'http.response.status_code': 201 });
      expect(seen.at(-1)).toBe(span.spanContext().spanId);
    });

    it('given a request without one, then it starts a trace; a 5xx marks it an error; probes are not traced', async () => {
      await fetch(`${url}/boom`);
      await fetch(`${url}/health`);
      const spans = exporter.getFinishedSpans();
      expect(spans).toHaveLength(1);
      expect(spans[0].parentSpanContext).toBeUndefined();
      expect(spans[0].status.code).toBe(2);
    });
  });
});

describe('tracing to an OTLP/HTTP endpoint', () => {
  it('given a span buffered for the next batch, when the process shuts tracing down, then it is sent to <endpoint>/v1/traces first', async () => {
    const received: Array<{ method?: string; url?: string; type?: string; bytes: number }> = [];
    const collector = createServer((req, res) => {
      let bytes = 0;
      req.on('data', (chunk: Buffer) => (bytes += chunk.length));
      req.on('end', () => {
        received.push({ method: req.method, url: req.url, type: req.headers['content-type'], bytes });
        res.statusCode = 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    try {
      const port = (collector.address() as AddressInfo).port;
      const env = { ...process.env, ...TEST_SECURITY_ENV, OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` };
      // The batch would be due in 5 s; the process ends well before unless shutdown flushes it.
      const started = Date.now();
      const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'otlp-export.fixture.ts')], {
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(received).toEqual([{ method: 'POST', url: '/v1/traces', type: 'application/json', bytes: expect.any(Number) }]);
      expect(received[0].bytes).toBeGreaterThan(0);
    } finally {
      await new Promise<void>((resolve) => collector.close(() => resolve()));
    }
  });
});
