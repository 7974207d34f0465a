/**
 * The shared HTTP platform, proven on the real intake process (started as
 * npm start starts it, on a temp data folder): private data files, no caching
 * of API answers, no X-Powered-By, bodies too large, too deep, malformed or of
 * another type answered as client faults without a stack trace in the log,
 * unknown routes as problem details, the public rate limit before the body is
 * read, and tokens that claim too long a lifetime refused.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@jm/platform';
import { bearer, TEST_JWT_SECRET } from '@jm/platform/testing';
import { killAll, listeningUrl, RunningService, startServiceProcess } from '../support/service-process';
import { agencyLead, publicLead } from './support';

const IDENTITY = { name: '王五', phone: '13912345678', idNumber: '35050219800101123X', address: '鲤城区海滨街道某某小区3号楼' };
const RATE_LIMIT = 8;

describe('intake over HTTP: headers, files and bodies', () => {
  let dir: string;
  let data: string;
  let intake: RunningService;
  let url: string;
  let leadId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jm-hardening-'));
    data = join(dir, '.data');
    // A folder an older version left readable by everyone: tightened at start.
    mkdirSync(data, { mode: 0o755 });
    chmodSync(data, 0o755);
    intake = startServiceProcess('intake', {
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      SQLITE_PATH: join(data, 'events.sqlite'),
      READ_MODEL_SQLITE_PATH: join(data, 'intake-read.sqlite'),
      EVIDENCE_DIR: join(data, 'evidence'),
      PUBLIC_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
    });
    url = await listeningUrl(intake, 'intake');
    const submitted = await send('POST', '/leads', { headers: bearer('lc-market', ['unit_officer']), json: agencyLead({ informant: IDENTITY }) });
    expect(submitted.status).toBe(201);
    leadId = ((await submitted.json()) as { leadId: string }).leadId;
  }, 60000);

  afterAll(async () => {
    await killAll(intake ? [intake] : []);
    rmSync(dir, { recursive: true, force: true });
  });

  function send(
    method: string,
    path: string,
    options: { headers?: Record<string, string>; json?: unknown; body?: string | Buffer; type?: string } = {},
  ): Promise<Response> {
    const body = options.json !== undefined ? JSON.stringify(options.json) : options.body;
    const type = options.type ?? (body === undefined ? undefined : 'application/json');
    return fetch(`${url}${path}`, { method, headers: { ...(type ? { 'Content-Type': type } : {}), ...options.headers }, body });
  }
  const office = () => bearer('lc-office', ['office_officer']);
  const problem = async (res: Response) => ({
    ...((await res.json()) as { code: string; detail: string }),
    status: res.status,
    contentType: res.headers.get('content-type'),
  });

  describe('files', () => {
    it('the data folder is 0700 and every file in it 0600: event store, read model with the wrapped data keys, their -wal and -shm', () => {
      const entries: Array<{ path: string; mode: string }> = [];
      const walk = (path: string): void => {
        const stat = statSync(path);
        entries.push({ path: path.slice(dir.length), mode: (stat.mode & 0o777).toString(8) });
        if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
      };
      walk(data);
      const names = entries.map((e) => e.path);
      expect(names).toEqual(
        expect.arrayContaining([
          '/.data/events.sqlite',
          '/.data/events.sqlite-wal',
          '/.data/events.sqlite-shm',
          '/.data/intake-read.sqlite',
          '/.data/intake-read.sqlite-wal',
        ]),
      );
      for (const entry of entries) expect(entry).toEqual({ path: entry.path, mode: statSync(join(dir, entry.path)).isDirectory() ? '700' : '600' });
    });
  });

  describe('headers', () => {
    it('a lead file, an informant identity and their errors are sent with Cache-Control: no-store and without X-Powered-By', async () => {
      const lead = await send('GET', `/leads/${leadId}`, { headers: office() });
      const informant = await send('GET', `/leads/${leadId}/informant`, { headers: { ...office(), 'X-Access-Purpose': 'check' } });
      const refused = await send('GET', `/leads/${leadId}/informant`, { headers: office() });
      const missing = await send('GET', '/leads/00000000-0000-4000-8000-000000000000', { headers: office() });
      const noRoute = await send('GET', '/no-such-route');
      expect([lead.status, informant.status, refused.status, missing.status, noRoute.status]).toEqual([200, 200, 422, 404, 404]);
      for (const res of [lead, informant, refused, missing, noRoute]) {
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('x-powered-by')).toBeNull();
      }
    });

    it('the public API description and the probes may be cached', async () => {
      for (const path of ['/docs-json', '/health']) {
        const res = await send('GET', path);
        expect(res.status).toBe(200);
        expect(res.headers.get('cache-control')).not.toBe('no-store');
        expect(res.headers.get('x-powered-by')).toBeNull();
      }
    });
  });

  describe('routes', () => {
    it('an unknown path answers 404 ROUTE_NOT_FOUND, a method the path does not have 405 with Allow, in problem details', async () => {
      expect(await problem(await send('GET', '/no-such-route'))).toMatchObject({
        status: 404,
        contentType: expect.stringMatching(/^application\/problem\+json/),
        code: 'ROUTE_NOT_FOUND',
        detail: expect.stringContaining('GET /no-such-route'),
      });
      const wrongMethod = await send('DELETE', '/leads', { headers: office() });
      expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD, POST');
      expect(await problem(wrongMethod)).toMatchObject({
        status: 405,
        code: 'METHOD_NOT_ALLOWED',
        detail: '/leads 不支持 DELETE；可用方法：GET, HEAD, POST',
      });
      const onItem = await send('PUT', '/leads/00000000-0000-4000-8000-000000000000', { headers: office(), json: {} });
      expect([onItem.status, onItem.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    });
  });

  describe('tokens', () => {
    it('a token that claims more than 12 hours is refused with 401 and the reason', async () => {
      const long = signToken({ sub: 'u', agency: 'lc-office', roles: ['office_officer'] }, TEST_JWT_SECRET, { ttlSeconds: 13 * 3600 });
      expect(await problem(await send('GET', `/leads/${leadId}`, { headers: { Authorization: `Bearer ${long}` } }))).toMatchObject({
        status: 401,
        code: 'UNAUTHENTICATED',
        detail: expect.stringMatching(/lifetime of 13 hours .*at most 12 hours .*\(TOKEN_MAX_LIFETIME_HOURS\)/),
      });
    });
  });

  describe('bodies', () => {
    const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

    it('over 100 KiB: 413 PAYLOAD_TOO_LARGE, on agency and public routes alike', async () => {
      const big = agencyLead({ description: 'x'.repeat(110 * 1024) });
      expect(await problem(await send('POST', '/leads', { headers: bearer('lc-market', ['unit_officer']), json: big }))).toMatchObject({
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        detail: expect.stringContaining('102400 bytes'),
      });
      expect(await problem(await send('POST', '/public/leads', { body: Buffer.alloc(10 * 1024 * 1024, 'a') }))).toMatchObject({
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
      });
    });

    it('malformed JSON: 400 MALFORMED_JSON; nested 5,000 deep: 422 BODY_TOO_DEEP; another media type: 415', async () => {
      const unit = bearer('lc-market', ['unit_officer']);
      expect(await problem(await send('POST', '/leads', { headers: unit, body: '{"title": "x",' }))).toMatchObject({
        status: 400,
        code: 'MALFORMED_JSON',
        detail: expect.stringContaining('not valid JSON'),
      });
      expect(await problem(await send('POST', '/leads', { headers: unit, body: `{"subjects": ${deep(5000)}}` }))).toMatchObject({
        status: 422,
        code: 'BODY_TOO_DEEP',
      });
      expect(await problem(await send('POST', '/leads', { headers: unit, body: JSON.stringify(agencyLead()), type: 'text/plain' }))).toMatchObject({
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
      // 32 levels is within the limit: the DTO rules answer, not the depth check.
      expect(await problem(await send('POST', '/leads', { headers: unit, body: `{"subjects": ${deep(31)}}` }))).toMatchObject({
        status: 422,
        code: 'VALIDATION_FAILED',
      });
    });

    it('an anonymous caller over the rate limit gets 429 before its body is read, huge or malformed', async () => {
      let status = 0;
      for (let i = 0; i <= RATE_LIMIT && status !== 429; i++)
        status = (await send('POST', '/public/leads', { json: publicLead({ title: '' }) })).status;
      expect(status).toBe(429);
      expect(await problem(await send('POST', '/public/leads', { body: Buffer.alloc(10 * 1024 * 1024, 'a') }))).toMatchObject({
        status: 429,
        code: 'RATE_LIMITED',
      });
      expect(await problem(await send('POST', '/public/leads', { body: '{"title":' }))).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    });

    it('none of these client faults writes an error or a stack trace to the log', () => {
      const lines = intake
        .stdout()
        .split('\n')
        .filter((line) => line.startsWith('{'));
      expect(lines.length).toBeGreaterThan(10);
      const logged = lines.map((line) => JSON.parse(line) as { level: number; msg?: string });
      expect(logged.filter((line) => line.level >= 50)).toEqual([]);
      expect(intake.stdout()).not.toMatch(/\\n\s+at |"stack"/);
      expect(intake.stderr()).toBe('');
    });
  });
});
