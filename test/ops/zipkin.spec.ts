/**
 * Issue 20, traces: a real Zipkin (io.zipkin:zipkin-server's exec jar from Maven Central, fetched once by
 * scripts/infra/zipkin.sh) and the four services as processes on PostgreSQL and Kafka, exporting to it. One public
 * lead's trace holds spans from intake, cases, notifications and reporting, in causal order: the intake HTTP span is
 * its root, every other span's parent is in it, and each consumer span starts after the producer span it follows.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pollUntil } from '@jm/testing';
import { ApiClient } from '../../scripts/scenario/http-client';
import { ServiceFleet } from '../e2e/support/service-fleet';
import { ROOT } from '../support/service-process';

jest.setTimeout(180_000);

/** From the range of ports this suite owns (19200-19299). */
const ZIPKIN_PORT = 19231;
const ZIPKIN = `http://127.0.0.1:${ZIPKIN_PORT}`;

/** A span as Zipkin's v2 API answers it (timestamps in µs). */
interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  kind?: 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';
  timestamp: number;
  duration?: number;
  localEndpoint?: { serviceName?: string };
  tags?: Record<string, string>;
}

const SERVICES = ['intake', 'cases', 'notifications', 'reporting'] as const;
const serviceOf = (span: ZipkinSpan): string | undefined => span.localEndpoint?.serviceName;

async function zipkinGet<T>(path: string): Promise<T> {
  const res = await fetch(`${ZIPKIN}${path}`);
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return (await res.json()) as T;
}

describe('traces in a real Zipkin: one public lead, one trace across the four services', () => {
  const fleet = new ServiceFleet();
  let zipkin: ChildProcess | undefined;
  let zipkinLog = '';

  beforeAll(async () => {
    const jar = execFileSync('bash', [join(ROOT, 'scripts', 'infra', 'zipkin.sh')], { encoding: 'utf8' }).trim();
    // In-memory storage (the default); listening on loopback only.
    zipkin = spawn(
      'java',
      [
        '-Xmx256m',
        '-XX:TieredStopAtLevel=1',
        '-jar',
        jar,
        `--armeria.ports[0].port=${ZIPKIN_PORT}`,
        '--armeria.ports[0].ip=127.0.0.1',
        '--armeria.ports[0].protocols[0]=http',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    zipkin.stdout?.on('data', (chunk: Buffer) => (zipkinLog += chunk.toString()));
    zipkin.stderr?.on('data', (chunk: Buffer) => (zipkinLog += chunk.toString()));
    await pollUntil(
      async () => {
        if (zipkin?.exitCode !== null) throw new Error(`zipkin exited with ${zipkin?.exitCode}:\n${zipkinLog.slice(-3000)}`);
        return (await fetch(`${ZIPKIN}/health`)).ok;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'Zipkin to answer /health' },
    );
  }, 120_000);

  afterAll(async () => {
    try {
      await fleet.stop();
    } finally {
      if (zipkin && zipkin.exitCode === null && zipkin.signalCode === null) {
        const exited = new Promise((resolve) => zipkin!.once('exit', resolve));
        zipkin.kill('SIGKILL');
        await exited;
      }
    }
  }, 60_000);

  it('given the services exporting to Zipkin, when a public lead is submitted, then its trace runs from the intake request through Kafka into cases, notifications and reporting', async () => {
    const tracing = { OTEL_TRACES_EXPORTER: 'zipkin', OTEL_EXPORTER_ZIPKIN_ENDPOINT: `${ZIPKIN}/api/v2/spans` };
    const [intake] = await Promise.all(SERVICES.map((service) => fleet.start(service, tracing)));
    const title = `群众举报：某投资公司以高额返利为名吸收资金（${fleet.topicPrefix}）`;
    await new ApiClient(intake.url).post('/public/leads', undefined, {
      title,
      description: '该公司以高额返利、保本付息为名向社会公众吸收资金。',
      category: 'illegal_fundraising',
      field: 'pension',
      street: 'lc-st-haibin',
      amountYuan: '3000000',
      participants: 40,
      channel: 'hotline',
      subjects: [{ kind: 'company', name: '泉州市鲤城区某某投资有限公司' }],
    });

    // The lead's trace, once every service's spans have come in (each exports in batches, so a consumer's span can
    // arrive before the producer span it follows): every service present, and every span's parent in the trace.
    let last: ZipkinSpan[] = [];
    const complete = (trace: ZipkinSpan[]): boolean => {
      const ids = new Set(trace.map((span) => span.id));
      return (
        SERVICES.every((service) => trace.some((span) => serviceOf(span) === service)) &&
        trace.every((span) => !span.parentId || ids.has(span.parentId))
      );
    };
    const spans = await pollUntil(
      async () => {
        const traces = await zipkinGet<ZipkinSpan[][]>(
          `/api/v2/traces?serviceName=intake&spanName=${encodeURIComponent('post /public/leads')}&limit=10`,
        );
        last = traces[0] ?? last;
        return traces.find(complete);
      },
      { timeoutMs: 90_000, intervalMs: 500, what: 'one trace with spans from intake, cases, notifications and reporting, each parent present' },
    ).catch((error: Error) => {
      throw new Error(
        `${error.message}\nlast trace seen:\n${last.map((span) => `${serviceOf(span)} ${span.kind ?? ''} ${span.name} ${span.id} <- ${span.parentId ?? '-'}`).join('\n')}`,
      );
    });

    const byId = new Map(spans.map((span) => [span.id, span]));
    if (process.env.JM_PRINT_TRACE) {
      const depth = (s: ZipkinSpan): number => (s.parentId && byId.get(s.parentId) ? depth(byId.get(s.parentId)!) + 1 : 0);
      const lines = [...spans]
        .sort((a, b) => a.timestamp - b.timestamp)
        .map((s) => `${'  '.repeat(depth(s))}${serviceOf(s)} ${s.kind ?? ''} ${s.name}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    const roots = spans.filter((span) => !span.parentId);
    expect(roots).toHaveLength(1);
    expect(roots[0]).toMatchObject({ kind: 'SERVER', name: 'post /public/leads', localEndpoint: { serviceName: 'intake' } });

    // Each consumer span follows the producer span whose headers it was delivered with, and starts after it.
    const consumers = spans.filter((span) => span.kind === 'CONSUMER');
    expect(consumers.length).toBeGreaterThanOrEqual(3);
    for (const consumer of consumers) {
      const producer = byId.get(consumer.parentId!)!;
      expect(producer.kind).toBe('PRODUCER');
      expect(consumer.timestamp).toBeGreaterThanOrEqual(producer.timestamp);
    }

    // The chain goes on through a process manager: an append inside a consumer span is published again and consumed
    // further on (cases' events reaching notifications or reporting under the intake request).
    const ancestors = (span: ZipkinSpan): ZipkinSpan[] => {
      const chain: ZipkinSpan[] = [];
      for (let at = span.parentId ? byId.get(span.parentId) : undefined; at; at = at.parentId ? byId.get(at.parentId) : undefined) chain.push(at);
      return chain;
    };
    const secondHop = consumers.filter((consumer) => ancestors(consumer).some((span) => span.kind === 'CONSUMER'));
    expect(secondHop.length).toBeGreaterThan(0);
    for (const consumer of consumers) expect(ancestors(consumer).at(-1)).toBe(roots[0]);

    // The request's log line names the trace, which is how an operator goes from a log line to the trace.
    const intakeLog = fleet.processes.map((p) => p.stdout()).find((out) => out.includes('"service":"intake"')) ?? '';
    const requestLine = intakeLog
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; req?: { url?: string }; trace_id?: string; span_id?: string })
      .find((line) => line.msg === 'request completed' && line.req?.url === '/public/leads');
    expect(requestLine).toMatchObject({ trace_id: roots[0].traceId, span_id: roots[0].id });
  });
});
