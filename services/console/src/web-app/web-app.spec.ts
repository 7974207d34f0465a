/**
 * The web app served by a Nest app beside a route of its own, from a build
 * folder made here (what vite writes: index.html and hashed /assets/ files).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { ProblemDetailsFilter } from '@jm/platform';
import { CONTENT_SECURITY_POLICY } from './web-app.handler';
import { WebAppModule } from './web-app.module';

@Controller('auth')
class SessionStub {
  @Get('session')
  session(): { route: string } {
    return { route: 'auth' };
  }
}

async function serve(dir: string): Promise<INestApplication> {
  @Module({ imports: [WebAppModule.forRoot({ dir })], controllers: [SessionStub] })
  class AppModule {}
  const app = await NestFactory.create(AppModule, { bodyParser: false, logger: false });
  app.useGlobalFilters(new ProblemDetailsFilter());
  await app.init();
  return app;
}

describe('web app', () => {
  let dir: string;
  let app: INestApplication;
  const INDEX = '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script></body></html>';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jm-web-app-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("app")');
    writeFileSync(join(dir, 'assets', 'index-abc123.css'), 'body{}');
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(tmpdir(), 'jm-web-app-secret.txt'), 'outside the build');
    app = await serve(dir);
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(tmpdir(), 'jm-web-app-secret.txt'), { force: true });
  });

  it.each(['/', '/sign-in', '/cases/case-1?tab=timeline', '/leads/new'])(
    'given the app route %s, then index.html, never cached, with the security headers',
    async (path) => {
      const res = await request(app.getHttpServer()).get(path).expect(200);
      expect(res.text).toBe(INDEX);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['content-security-policy']).toContain("script-src 'self';");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    },
  );

  it('serves hashed assets with a long immutable cache and their type, other build files revalidated', async () => {
    const js = await request(app.getHttpServer()).get('/assets/index-abc123.js').expect(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.text).toBe('console.log("app")');
    const css = await request(app.getHttpServer()).get('/assets/index-abc123.css').expect(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const icon = await request(app.getHttpServer()).get('/favicon.svg').expect(200);
    expect([icon.headers['content-type'], icon.headers['cache-control']]).toEqual(['image/svg+xml', 'no-cache']);
  });

  it('given a missing asset or a path out of the build, then 404, never index.html or the file', async () => {
    for (const path of [
      '/assets/missing.js',
      '/assets/../../jm-web-app-secret.txt',
      '/assets/%2e%2e/%2e%2e/jm-web-app-secret.txt',
      '/assets/..%2f..%2fjm-web-app-secret.txt',
    ]) {
      const res = await request(app.getHttpServer()).get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.text).not.toContain('outside the build');
    }
    const escaped = await request(app.getHttpServer()).get('/%2e%2e/jm-web-app-secret.txt');
    expect(escaped.text).not.toContain('outside the build');
  });

  it("leaves the console's server paths and other methods alone: its routes answer, the rest is a 404 problem", async () => {
    expect((await request(app.getHttpServer()).get('/auth/session').expect(200)).body).toEqual({ route: 'auth' });
    for (const path of ['/api/cases/cases', '/auth/nothing', '/admin/accounts', '/docs/x', '/metrics']) {
      const res = await request(app.getHttpServer()).get(path).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    await request(app.getHttpServer()).post('/sign-in').expect(404);
  });

  it('given no build, then a 503 page in Chinese and English saying to run npm run console:build', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'jm-web-app-empty-'));
    const bare = await serve(empty);
    try {
      const res = await request(bare.getHttpServer()).get('/').expect(503);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toContain('npm run console:build');
      expect(res.text).toContain('控制台前端尚未构建');
      expect((await request(bare.getHttpServer()).get('/auth/session').expect(200)).body).toEqual({ route: 'auth' });
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
