/**
 * `npm run parked`: the CLI against a running service (its admin API), with a token it mints through
 * scripts/token.ts or one the operator gives in JM_TOKEN. Lists as a table, shows JSON, replays, discards with a
 * reason, and exits 1 with the problem detail when the service refuses (2 on a usage error).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ParkedEventEntity } from '@jm/bus';
import { TEST_JWT_SECRET, testToken } from '@jm/platform/testing';
import { ROOT } from '../support/service-process';
import { OperationsHarness, park, startService, unhandledEvent } from './support/parked';

const run = promisify(execFile);

async function script(name: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['-r', '@swc-node/register', join('scripts', name), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', JWT_SECRET: TEST_JWT_SECRET, ...env },
      encoding: 'utf8',
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const parked = (args: string[], env: Record<string, string> = {}) => script('parked.ts', args, env);

describe('parked CLI', () => {
  let h: OperationsHarness;
  beforeAll(async () => {
    h = await startService('sqlite');
  });
  afterAll(async () => {
    await h?.close();
  });
  const service = () => ['--service', 'intake', '--url', h.url];

  it('lists parked events as a table, shows one as JSON, replays it, and the list then shows it replayed', async () => {
    const row = await park(h, { event: unhandledEvent() });
    const listed = await parked(['list', ...service(), '--status', 'parked']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^status\s+group\s+eventType\s+eventId/);
    expect(listed.stdout).toMatch(new RegExp(`parked\\s+intake\\s+SomethingIntakeIgnores\\s+${row.eventId}`));
    const shown = await parked(['show', row.eventId, ...service()]);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      eventId: row.eventId,
      payloadFormat: 'event',
      payload: { id: row.eventId },
      error: expect.any(String),
    });
    const replayed = await parked(['replay', row.eventId, ...service()]);
    expect(replayed.code).toBe(0);
    expect(JSON.parse(replayed.stdout)).toMatchObject({ status: 'replayed' });
    const after = await parked(['list', ...service(), '--json', '--status', 'replayed']);
    expect(JSON.parse(after.stdout).items.map((i: { eventId: string }) => i.eventId)).toContain(row.eventId);
    const recorded = await h.store.readStream('operations-intake');
    expect(recorded.find((e) => (e.data as { eventId: string }).eventId === row.eventId)).toMatchObject({
      type: 'ParkedEventReplayed',
      actor: { agency: 'fj-office', user: 'parked-cli' },
    });
  });

  it('discards with a reason; without one it is a usage error (2) and nothing changes', async () => {
    const row = await park(h, { event: unhandledEvent() });
    expect(await parked(['discard', row.eventId, ...service()])).toMatchObject({ code: 2, stderr: expect.stringContaining('--reason') });
    const done = await parked(['discard', row.eventId, '--reason', '测试数据', ...service()]);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ status: 'discarded', discardReason: '测试数据', discardedBy: 'fj-office/parked-cli' });
  });

  it('exits 1 with the problem detail when the service refuses: a replay that fails again, a token without the role, an unknown event', async () => {
    const raw = await park(h, { raw: 'not json' });
    const failed = await parked(['replay', raw.eventId, ...service()]);
    expect(failed).toMatchObject({ code: 1, stdout: '' });
    expect(failed.stderr).toMatch(/409 REPLAY_FAILED .*\n.*stays parked/);
    expect((await h.db.getRepository(ParkedEventEntity).findOneByOrFail({ group: 'intake', eventId: raw.eventId })).status).toBe('parked');
    const analyst = await parked(['list', ...service()], { JM_TOKEN: testToken('fj-office', ['analyst']) });
    expect(analyst).toMatchObject({ code: 1, stderr: expect.stringMatching(/403 FORBIDDEN[\s\S]*top office/) });
    const lcAdmin = await parked(['list', ...service(), '--agency', 'lc-office']);
    expect(lcAdmin).toMatchObject({ code: 1, stderr: expect.stringContaining('403 FORBIDDEN') });
    expect(await parked(['show', 'no-such-event', ...service()])).toMatchObject({ code: 1, stderr: expect.stringContaining('404 NOT_FOUND') });
    expect(await parked(['list', ...service(), '--status', 'lost'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('422 VALIDATION_FAILED'),
    });
  });

  it('refuses usage errors with exit 2: no or an unknown service, an unknown command or option', async () => {
    expect(await parked(['list'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--service is required') });
    expect(await parked(['list', '--service', 'billing'])).toMatchObject({ code: 2 });
    expect(await parked(['purge', ...service()])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command') });
    expect(await parked(['list', '--force', 'yes', ...service()])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown option --force'),
    });
  });

  it('the auditor’s CLI shows what was done, in words, and the operations stream verifies', async () => {
    const row = await park(h, { event: unhandledEvent() });
    expect((await parked(['discard', row.eventId, '--reason', '审计用例', ...service()])).code).toBe(0);
    const env = { EVENT_STORE: 'sqlite', SQLITE_PATH: h.storePath };
    const timeline = await script('audit.ts', ['timeline', '--stream', 'operations-intake'], env);
    expect(timeline.code).toBe(0);
    expect(timeline.stdout).toContain(`丢弃 intake 消费组 intake 停放的事件 SomethingIntakeIgnores（${row.eventId}`);
    expect(timeline.stdout).toContain('原因：审计用例');
    const verified = await script('audit.ts', ['verify'], env);
    expect(verified.code).toBe(0);
  });
});
