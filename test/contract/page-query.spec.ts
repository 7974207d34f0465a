/**
 * Item 10 of issue 14: every list of every service takes page and pageSize as decimal whole
 * numbers within bounds, and answers 422 naming the field beyond them (never a 500 from the
 * database, never a number that lost digits). The lists are found in the OpenAPI documents,
 * so a new list is covered without being named here.
 */
import request from 'supertest';
import { MAX_PAGE, operationsOf } from '@jm/platform';
import { bearer } from '@jm/platform/testing';
import { RunningService, withPlatform } from './support';

interface QueryParameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: { type?: string; minimum?: number; maximum?: number; example?: unknown; enum?: unknown[] };
  example?: unknown;
}

const OFFICE = bearer('lc-office', ['office_officer', 'convener', 'analyst', 'auditor', 'admin']);
/** The operations lists (/admin/…) belong to the top office's admin (docs/operations/parked-events.md). */
const TOP_ADMIN = bearer('fj-office', ['admin']);
const tokenFor = (path: string) => (path.startsWith('/admin/') ? TOP_ADMIN : OFFICE);

/** The list operations (those with a page parameter) of a service, with a query that satisfies their other required parameters. */
function listsOf(service: RunningService): { path: string; base: Record<string, string>; pageSizeMax: number; page: QueryParameter }[] {
  return operationsOf(service.document)
    .filter(({ method, operation }) => method === 'get' && (operation.parameters ?? []).some((p) => p.in === 'query' && p.name === 'page'))
    .map(({ path, operation }) => {
      const query = (operation.parameters ?? []) as QueryParameter[];
      const base: Record<string, string> = {};
      for (const p of query.filter((q) => q.in === 'query' && q.required))
        base[p.name] = String(p.example ?? p.schema?.example ?? p.schema?.enum?.[0]);
      // A time range or a stream, where the operation needs one of them (the audit timeline).
      if (query.some((p) => p.name === 'from') && query.some((p) => p.name === 'stream'))
        Object.assign(base, { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' });
      return { path, base, pageSizeMax: query.find((p) => p.name === 'pageSize')!.schema!.maximum!, page: query.find((p) => p.name === 'page')! };
    });
}

describe('contract: page and pageSize in every list of every service', () => {
  const platformOf = withPlatform();

  it('finds the lists of each service in its OpenAPI document', () => {
    const counts = Object.fromEntries(platformOf().services.map((s) => [s.name, listsOf(s).length]));
    expect(counts).toEqual({
      intake: expect.any(Number),
      cases: expect.any(Number),
      notifications: expect.any(Number),
      reporting: expect.any(Number),
      console: expect.any(Number),
    });
    for (const s of platformOf().services) expect(listsOf(s).length).toBeGreaterThan(0);
  });

  it('publishes page and pageSize as integers with their bounds', () => {
    for (const s of platformOf().services) {
      for (const list of listsOf(s)) {
        expect({ path: list.path, page: list.page.schema }).toEqual({
          path: list.path,
          page: expect.objectContaining({ type: 'integer', minimum: 1, maximum: MAX_PAGE }),
        });
        expect(list.pageSizeMax).toBeGreaterThanOrEqual(1);
      }
    }
  });

  const BAD_PAGES = ['1e20', '9007199254740993', String(MAX_PAGE + 1), '0', '-1', '+1', '1.5', '1.0', '0x10', ' 1', '', 'abc'];

  it.each(BAD_PAGES)('page=%j answers 422 naming page in every list', async (bad) => {
    for (const s of platformOf().services) {
      for (const list of listsOf(s)) {
        const res = await request(s.http)
          .get(list.path)
          .query({ ...list.base, page: bad })
          .set(tokenFor(list.path))
          .set('Cookie', platformOf().consoleCookie);
        expect({
          service: s.name,
          path: list.path,
          status: res.status,
          fields: (res.body.errors ?? []).map((e: { field: string }) => e.field),
        }).toEqual({
          service: s.name,
          path: list.path,
          status: 422,
          fields: expect.arrayContaining(['page']),
        });
      }
    }
  });

  it('pageSize beyond its maximum answers 422 naming pageSize in every list', async () => {
    for (const s of platformOf().services) {
      for (const list of listsOf(s)) {
        for (const bad of [String(list.pageSizeMax + 1), '0', '20.5', '2e1']) {
          const res = await request(s.http)
            .get(list.path)
            .query({ ...list.base, pageSize: bad })
            .set(tokenFor(list.path))
            .set('Cookie', platformOf().consoleCookie);
          expect({ path: list.path, bad, status: res.status, fields: (res.body.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({
            path: list.path,
            bad,
            status: 422,
            fields: expect.arrayContaining(['pageSize']),
          });
        }
      }
    }
  });

  it('the last page allowed and the largest page size are answered as asked', async () => {
    for (const s of platformOf().services) {
      for (const list of listsOf(s)) {
        const res = await request(s.http)
          .get(list.path)
          .query({ ...list.base, page: String(MAX_PAGE), pageSize: String(list.pageSizeMax) })
          .set(tokenFor(list.path))
          .set('Cookie', platformOf().consoleCookie);
        expect({ path: list.path, status: res.status }).toEqual({ path: list.path, status: 200 });
        expect({ path: list.path, page: res.body.page, pageSize: res.body.pageSize }).toEqual({
          path: list.path,
          page: MAX_PAGE,
          pageSize: list.pageSizeMax,
        });
      }
    }
  });
});
