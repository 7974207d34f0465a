/**
 * Spans for outgoing HTTP (docs/operations/tracing.md): each call is a CLIENT span with OpenTelemetry's HTTP
 * attributes, and its traceparent goes out in the request's headers. A webhook delivery of the notifications service
 * (embedded bus, SQLite, a real HTTP receiver) is in the trace of the consumer that requested the message: its
 * request carries the traceparent of its CLIENT span, whose ancestors are the request's append and that consumer's
 * span. With tracing off nothing is added. Spans in memory.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace';
import { loadConfig, startTracing, traceHttpCall, Tracing } from '@jm/platform';
import { TEST_SECURITY_ENV } from '@jm/platform/testing';
import { pollUntil } from '@jm/testing';
import {
  appendNotice,
  ChannelsApp,
  channelsInfra,
  ChannelsInfra,
  messageEvents,
  messageIdOf,
  startChannelsApp,
} from '../notifications/channels-support/channels-app';
import { startWebhookReceiver, WebhookReceiver } from '../notifications/channels-support/webhook-receiver';

jest.setTimeout(120_000);

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;
const exporter = new InMemorySpanExporter();
let tracing: Tracing | undefined;
let server: Server;
let base: string;
const seen: Array<Record<string, string | string[] | undefined>> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(req.url?.startsWith('/fail') ? 500 : 200).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await tracing?.shutdown();
  await new Promise((resolve) => server.close(resolve));
});

const call = (path: string) =>
  traceHttpCall(
    { method: 'post', url: new URL(`${base}${path}`), target: '/things' },
    (headers) => fetch(`${base}${path}`, { method: 'POST', headers }),
    (answer) => answer.status,
  );

it('tracing off: the call goes out as it is, with no trace header', async () => {
  expect((await call('/things')).status).toBe(200);
  expect(seen.pop()).not.toHaveProperty('traceparent');
});

describe('tracing on', () => {
  beforeAll(() => {
    tracing = startTracing(loadConfig('notifications', { ...TEST_SECURITY_ENV, PORT: '0' }).tracing, { exporter });
  });

  it('a call is a CLIENT span, child of the active span, with the HTTP attributes (no query in the URL) and its traceparent in the headers', async () => {
    const parent = tracing!.tracer!.startSpan('caller');
    await context.with(trace.setSpan(context.active(), parent), async () => {
      await call('/things?token=secret-value');
      await call('/fail');
    });
    parent.end();
    const [ok, failed] = exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.CLIENT);
    expect(ok.name).toBe('POST /things');
    expect(ok.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(ok.attributes).toEqual({
      'http.request.method': 'POST',
      'url.full': `${base}/things`,
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(base).port),
      'http.response.status_code': 200,
    });
    expect(seen[0].traceparent).toBe(`00-${ok.spanContext().traceId}-${ok.spanContext().spanId}-01`);
    expect(failed.attributes).toMatchObject({ 'http.response.status_code': 500, 'error.type': '500' });
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    expect(JSON.stringify(exporter.getFinishedSpans().map((s) => s.attributes))).not.toContain('secret-value');
  });

  describe('a webhook delivery', () => {
    const secretVar = `JM_WEBHOOK_SECRET_TRACE_${randomBytes(4).toString('hex').toUpperCase()}`;
    let hook: WebhookReceiver;
    let infra: ChannelsInfra;
    let service: ChannelsApp;

    beforeAll(async () => {
      process.env[secretVar] = randomBytes(24).toString('hex');
      hook = await startWebhookReceiver();
      infra = await channelsInfra(
        'chtrace',
        { agencies: { 'lc-st-haibin': { webhooks: [{ id: 'grid', url: hook.url, secretEnv: secretVar }] } } },
        { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
      );
      service = await startChannelsApp({
        ...infra.env,
        EVENT_STORE: 'sqlite',
        SQLITE_PATH: join(infra.dir, 'events.sqlite'),
        READ_MODEL_DB: 'sqlite',
        READ_MODEL_SQLITE_PATH: join(infra.dir, 'read.sqlite'),
        BUS: 'embedded',
        INSTANCE_ID: `notifications-${randomUUID().slice(0, 8)}`,
      });
    });
    afterAll(async () => {
      await service?.close();
      await hook?.close();
      await infra?.drop();
      delete process.env[secretVar];
    });

    it('carries the traceparent of its CLIENT span, which descends from the span of the consumer that requested the message', async () => {
      exporter.reset();
      const notice = await appendNotice(service.store, 'obligation-o-q2-haibin', 'ObligationDue', {
        obligationId: 'o-q2-haibin',
        kind: 'quarterly_report',
        unit: 'lc-st-haibin',
        period: '2026-Q2',
        dueAt: '2026-06-30T15:59:59.000Z',
        policyId: 'quarterly-report',
      });
      await messageEvents(service.store, messageIdOf(notice.id, { agency: 'lc-st-haibin' }), { type: 'NotificationDelivered' });
      const spans = await pollUntil(
        () => {
          const finished = exporter.getFinishedSpans();
          return finished.some((span) => span.name === 'POST webhook') ? finished : undefined;
        },
        { what: 'the webhook CLIENT span' },
      );
      const client = spans.find((span) => span.name === 'POST webhook')!;
      expect(client.kind).toBe(SpanKind.CLIENT);
      expect(client.attributes).toMatchObject({ 'http.request.method': 'POST', 'url.full': hook.url, 'http.response.status_code': 200 });

      const [{ headers }] = hook.calls;
      expect(headers.traceparent).toMatch(TRACEPARENT);
      expect(headers.traceparent).toBe(`00-${client.spanContext().traceId}-${client.spanContext().spanId}-01`);

      // Up the parents: the request's append, then the consumer span that handled the notice.
      const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
      const ancestors: ReadableSpan[] = [];
      for (let at = byId.get(client.parentSpanContext?.spanId ?? ''); at; at = byId.get(at.parentSpanContext?.spanId ?? '')) ancestors.push(at);
      expect(ancestors.map((span) => span.name)).toEqual(['append notification', 'process ObligationDue', 'append obligation']);
      expect(ancestors[1].kind).toBe(SpanKind.CONSUMER);
      expect(new Set([client, ...ancestors].map((span) => span.spanContext().traceId)).size).toBe(1);
    });
  });
});
