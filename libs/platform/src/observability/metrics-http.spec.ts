/**
 * GET /metrics on a real service app (SQLite store and read model, embedded bus):
 * closed without METRICS_TOKEN (404), open to the scrape token only (401 for no
 * token, a wrong one, and a valid user JWT of every role), and HTTP requests
 * counted by route template, never by raw path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, INestApplication, Module, Param } from '@nestjs/common';
import request from 'supertest';
import type { Role } from '@jm/reference';
import { ROLE_CODES } from '@jm/reference';
import { bearer, TEST_SECURITY_ENV } from '../testing/auth';
import { createServiceApp } from '../nest/service-app';

const SCRAPE_TOKEN = 'scrape-token-for-tests-0123456789abcdef';

/** An agency that may hold each role (office roles at the office). */
const AGENCY_OF: Record<Role, string> = {
  office_officer: 'lc-office',
  unit_officer: 'lc-police',
  street_officer: 'lc-st-haibin',
  convener: 'lc-office',
  analyst: 'lc-office',
  auditor: 'lc-office',
  admin: 'lc-office',
};

@Controller('things')
class ThingsController {
  @Get(':id')
  thing(@Param('id') id: string): { id: string } {
    return { id };
  }
}

@Module({ controllers: [ThingsController] })
class DomainModule {}

describe('GET /metrics', () => {
  let dir: string;
  let app: INestApplication | undefined;

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'jm-metrics-'))));
  afterEach(async () => {
    await app?.close();
    app = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function given(env: Record<string, string> = {}): Promise<INestApplication> {
    const service = await createServiceApp('reporting', DomainModule, {
      env: {
        LOG_LEVEL: 'silent',
        PORT: '0',
        SQLITE_PATH: join(dir, 'events.db'),
        READ_MODEL_SQLITE_PATH: join(dir, 'read.db'),
        EVIDENCE_DIR: join(dir, 'evidence'),
        ...TEST_SECURITY_ENV,
        ...env,
      },
    });
    app = service.app;
    await app.init();
    return app;
  }

  it('given no METRICS_TOKEN, then /metrics is not there: 404 with or without a token', async () => {
    const server = (await given()).getHttpServer();
    expect((await request(server).get('/metrics')).status).toBe(404);
    const withToken = await request(server).get('/metrics').set('Authorization', `Bearer ${SCRAPE_TOKEN}`);
    expect(withToken.status).toBe(404);
    expect(withToken.body.code).toBe('ROUTE_NOT_FOUND');
  });

  it('given METRICS_TOKEN, then no token and a wrong token get 401 problem details naming the scrape token', async () => {
    const server = (await given({ METRICS_TOKEN: SCRAPE_TOKEN })).getHttpServer();
    for (const headers of [{}, { Authorization: `Bearer ${SCRAPE_TOKEN}x` }, { Authorization: SCRAPE_TOKEN }]) {
      const res = await request(server).get('/metrics').set(headers).set('Accept-Language', 'en');
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(res.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', instance: '/metrics' });
      expect(res.body.detail).toContain('METRICS_TOKEN');
      expect(res.text).not.toContain('jm_http_requests_total');
    }
  });

  it.each(ROLE_CODES)('given METRICS_TOKEN, then a valid user token of role %s gets 401 from /metrics (and 200 from the API)', async (role) => {
    const server = (await given({ METRICS_TOKEN: SCRAPE_TOKEN })).getHttpServer();
    const headers = bearer(AGENCY_OF[role as Role], [role as Role]);
    expect((await request(server).get('/things/1').set(headers)).status).toBe(200);
    const res = await request(server).get('/metrics').set(headers);
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('jm_');
  });

  it('given METRICS_TOKEN, then a valid token of any agency (office, member unit, street, another district, the city) gets 401', async () => {
    const server = (await given({ METRICS_TOKEN: SCRAPE_TOKEN })).getHttpServer();
    const callers: Array<[string, Role]> = [
      ['lc-office', 'admin'],
      ['lc-finance', 'unit_officer'],
      ['lc-st-haibin', 'street_officer'],
      ['fz-office', 'admin'],
      ['qz-office', 'auditor'],
    ];
    for (const [agency, role] of callers) {
      expect(
        (
          await request(server)
            .get('/things/1')
            .set(bearer(agency, [role]))
        ).status,
      ).toBe(200);
      const res = await request(server)
        .get('/metrics')
        .set(bearer(agency, [role]));
      expect({ agency, status: res.status }).toEqual({ agency, status: 401 });
    }
  });

  it('is declared in the OpenAPI document with each status it answers; another method on it is 405', async () => {
    const server = (await given({ METRICS_TOKEN: SCRAPE_TOKEN })).getHttpServer();
    const document = (await request(server).get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, { responses: object }>> };
    expect(Object.keys(document.paths['/metrics'])).toEqual(['get']);
    expect(Object.keys(document.paths['/metrics'].get.responses)).toEqual(expect.arrayContaining(['200', '401', '404']));
    const post = await request(server).post('/metrics').set('Authorization', `Bearer ${SCRAPE_TOKEN}`);
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('given the scrape token, then the text format with requests by route template, method and status, and process metrics', async () => {
    const server = (await given({ METRICS_TOKEN: SCRAPE_TOKEN })).getHttpServer();
    const headers = bearer('lc-office', ['office_officer']);
    await request(server).get('/things/a1').set(headers).expect(200);
    await request(server).get('/things/b2').set(headers).expect(200);
    await request(server).get('/things/c3').expect(401);
    await request(server).get('/no/such/path/x9').expect(404);
    const res = await request(server).get('/metrics').set('Authorization', `Bearer ${SCRAPE_TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toContain('jm_http_requests_total{route="/things/:id",method="GET",status="200",service="reporting"} 2');
    expect(res.text).toContain('jm_http_requests_total{route="/things/:id",method="GET",status="401",service="reporting"} 1');
    expect(res.text).toContain('jm_http_requests_total{route="(unmatched)",method="GET",status="404",service="reporting"} 1');
    expect(res.text).toMatch(
      /jm_http_request_duration_seconds_bucket\{le="\+Inf",service="reporting",route="\/things\/:id",method="GET",status="200"\} 2/,
    );
    expect(res.text).not.toMatch(/a1|b2|x9/);
    expect(res.text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(res.text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(res.text).toMatch(/^jm_service_ready\{service="reporting"\} 1$/m);
  });
});
