/**
 * The services as real processes, started the way a person starts them but from
 * the TypeScript sources (@swc-node/register honours the tsconfig paths, so
 * @jm/<lib> resolves to libs/<lib>/src like register-paths.js does for dist/).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICES } from '@jm/bus';
import { pollUntil } from '@jm/testing';
import { killAll, RunningService, startServiceProcess as startService } from '../support/service-process';

describe('a service process', () => {
  let dir: string;
  const started: RunningService[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jm-service-process-'));
  });

  afterAll(async () => {
    await killAll(started);
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(SERVICES)('given EVENT_STORE=oracle, when %s starts, then it exits 1 naming the variable', async (service) => {
    const running = startService(service, { EVENT_STORE: 'oracle' });
    started.push(running);

    const { code } = await running.exited;

    expect(code).toBe(1);
    expect(running.stderr()).toContain(`Invalid configuration for service "${service}"`);
    expect(running.stderr()).toContain('EVENT_STORE: given "oracle"; allowed: one of sqlite, postgres');
  });

  it.each(SERVICES)('given a running %s, when it gets SIGTERM, then it closes the store and bus and exits 0', async (service) => {
    const running = startService(service, {
      PORT: '0',
      SQLITE_PATH: join(dir, 'events.sqlite'),
      READ_MODEL_SQLITE_PATH: join(dir, `${service}-read.sqlite`),
      SHUTDOWN_TIMEOUT_MS: '5000',
    });
    started.push(running);

    const url = await pollUntil(() => new RegExp(`^${service} listening on (http://\\S+)$`, 'm').exec(running.stdout())?.[1], {
      timeoutMs: 30000,
      what: `${service} to listen`,
    });
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    running.child.kill('SIGTERM');
    const { code, signal } = await running.exited;

    expect({ code, signal }).toEqual({ code: 0, signal: null });
    const logLines = running
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { service?: string; msg?: string });
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.every((line) => line.service === service)).toBe(true);
    expect(logLines.map((line) => line.msg)).toContain('stopped: bus, read-model database and event store closed');
  });

  it('given a domain that never stops, when SIGTERM comes, then it exits 1 with an error log after SHUTDOWN_TIMEOUT_MS', async () => {
    const running = startService(
      'intake',
      { PORT: '0', SQLITE_PATH: join(dir, 'events.sqlite'), READ_MODEL_SQLITE_PATH: join(dir, 'stuck-read.sqlite'), SHUTDOWN_TIMEOUT_MS: '300' },
      join('test', 'workspace', 'fixtures', 'hanging-shutdown.main.ts'),
    );
    started.push(running);
    await pollUntil(() => /^intake listening on /m.test(running.stdout()), { timeoutMs: 30000, what: 'intake to listen' });

    const signalledAt = Date.now();
    running.child.kill('SIGTERM');
    const { code } = await running.exited;

    expect(code).toBe(1);
    expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(300);
    expect(running.stdout()).toContain('stuck consumer: not stopping');
    const forced = running
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .find((line) => line.msg.includes('forcing exit'));
    expect(forced).toMatchObject({ level: 50, msg: 'shutdown did not finish within SHUTDOWN_TIMEOUT_MS=300; forcing exit' });
  });
});
