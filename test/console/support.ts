/**
 * The console as tests run it: the Nest app on the embedded store (SQLite files in a temporary folder, or
 * PostgreSQL when asked), a ManualClock, first start's printed lines captured, and a signed-in client built
 * from the cookies the sign-in answer sets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EventStore, ManualClock } from '@jm/event-sourcing';
import { createServiceApp, EVENT_STORE_TOKEN } from '@jm/platform';
import { TEST_SECURITY_ENV } from '@jm/platform/testing';
import { uniqueName } from '@jm/testing';
import { ConsoleModule } from '../../services/console/src/console.module';
import { CONSOLE_PUBLICATION } from '../../services/console/src/console.publication';
import { CONSOLE_READ_MODEL } from '../../services/console/src/console.read-model';
import { FIRST_START_LINE } from '../../services/console/src/accounts/first-start';

export interface ConsoleUnderTest {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  clock: ManualClock;
  store: EventStore;
  dir: string;
  /** What first start printed to stdout. */
  printed: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startConsole(
  extraEnv: Record<string, string> = {},
  dir = mkdtempSync(join(tmpdir(), 'jm-console-')),
): Promise<ConsoleUnderTest> {
  const clock = new ManualClock(new Date('2026-03-02T01:00:00.000Z'));
  const env = {
    ...TEST_SECURITY_ENV,
    LOG_LEVEL: 'silent',
    PORT: '0',
    INSTANCE_ID: uniqueName('console'),
    SQLITE_PATH: join(dir, 'events.sqlite'),
    READ_MODEL_SQLITE_PATH: join(dir, 'console-read.sqlite'),
    ...extraEnv,
  };
  const { result: app, printed } = await captureFirstStart(async () => {
    const created = await createServiceApp('console', ConsoleModule, { env, clock, readModel: CONSOLE_READ_MODEL, publication: CONSOLE_PUBLICATION });
    await created.app.init();
    return created.app;
  });
  return {
    app,
    http: app.getHttpServer(),
    clock,
    store: app.get<EventStore>(EVENT_STORE_TOKEN),
    dir,
    printed,
    env,
    close: async () => {
      await app.close();
    },
  };
}

/** Runs `start` (which starts a console) and keeps what first start prints instead of letting it reach the test output. */
export async function captureFirstStart<T>(start: () => Promise<T>): Promise<{ result: T; printed: string }> {
  let printed = '';
  const write = process.stdout.write.bind(process.stdout);
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (String(chunk).includes('[console] first start')) {
      printed += String(chunk);
      return true;
    }
    return write(chunk as string, ...(rest as []));
  });
  try {
    return { result: await start(), printed };
  } finally {
    spy.mockRestore();
  }
}

/** The one-time passwords first start printed, by username. */
export function firstAdmins(printed: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of printed.split('\n')) {
    const match = FIRST_START_LINE.exec(line);
    if (match) out[match[1]] = match[2];
  }
  return out;
}

export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

export interface Client {
  cookie: string;
  csrf: string;
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  put(path: string, body?: object): request.Test;
}

export function clientOf(http: ConsoleUnderTest['http'], setCookie: string[] | string | undefined): Client {
  const cookies = (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []).map((c) => c.split(';')[0]);
  const cookie = cookies.join('; ');
  const csrf = decodeURIComponent(cookies.find((c) => c.startsWith('jm_csrf='))?.slice('jm_csrf='.length) ?? '');
  return {
    cookie,
    csrf,
    get: (path) => request(http).get(path).set('Cookie', cookie),
    post: (path, body = {}) => request(http).post(path).set('Cookie', cookie).set('X-CSRF-Token', csrf).send(body),
    put: (path, body = {}) => request(http).put(path).set('Cookie', cookie).set('X-CSRF-Token', csrf).send(body),
  };
}

export async function signIn(
  http: ConsoleUnderTest['http'],
  username: string,
  password: string,
  totp?: string,
): Promise<{ res: request.Response; client: Client }> {
  const res = await request(http)
    .post('/auth/sign-in')
    .send({ username, password, ...(totp ? { totp } : {}) });
  return { res, client: clientOf(http, res.headers['set-cookie'] as unknown as string[] | undefined) };
}

export const STRONG = 'Correct-Horse-Battery-42';

/** Signs in with a one-time password and changes it to `STRONG` (or `newPassword`); a client past the forced change. */
export async function signInChanged(http: ConsoleUnderTest['http'], username: string, oneTime: string, newPassword = STRONG): Promise<Client> {
  const { res, client } = await signIn(http, username, oneTime);
  if (res.status !== 200) throw new Error(`sign-in of ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  const changed = await client.post('/auth/password', { currentPassword: oneTime, newPassword });
  if (changed.status !== 204) throw new Error(`password change of ${username}: ${changed.status} ${JSON.stringify(changed.body)}`);
  return client;
}
