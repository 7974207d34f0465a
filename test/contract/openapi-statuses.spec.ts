/**
 * Item 13 of issue 14: each service's OpenAPI document declares every status an operation can
 * answer, with the one Problem schema, and the server answers as declared: 401 without a token,
 * 422 for an unknown query parameter, 405 with Allow for a method a path does not declare.
 * Every operation of every service is covered, found in the documents themselves.
 */
import request from 'supertest';
import { operationsOf, PROBLEM_MEDIA_TYPE } from '@jm/platform';
import { bearer } from '@jm/platform/testing';
import { RunningService, withPlatform } from './support';

interface Response {
  description?: string;
  content?: Record<string, { schema?: { $ref?: string } }>;
}

const PROBLEM_REF = '#/components/schemas/Problem';
const isProblem = (body: Record<string, unknown>): boolean =>
  typeof body.type === 'string' &&
  typeof body.title === 'string' &&
  typeof body.status === 'number' &&
  typeof body.code === 'string' &&
  typeof body.detail === 'string';
/** A concrete path for a template: every parameter a placeholder id. */
const concrete = (path: string): string => path.replace(/\{[^}]+\}/g, 'contract-probe');

describe('contract: the statuses each operation declares, and answers', () => {
  const platformOf = withPlatform();

  const each = () => platformOf().services.flatMap((s) => operationsOf(s.document).map((o) => ({ service: s, ...o })));

  it('declares the error statuses that follow from each operation, each with the Problem schema', () => {
    expect(each().length).toBeGreaterThan(80);
    for (const { service, method, path, operation } of each()) {
      const responses = operation.responses as Record<string, Response>;
      const expected: string[] = [];
      expected.push('401');
      if (operation.security?.length) expected.push('403');
      if ((operation.parameters ?? []).some((p) => p.in === 'path')) expected.push('404');
      if ((operation.parameters ?? []).length || operation.requestBody) expected.push('422');
      if (method !== 'get') expected.push('409');
      if (operation.requestBody) expected.push('413');
      if (Object.keys(operation.requestBody?.content ?? {}).includes('application/json')) expected.push('400');
      for (const status of expected) {
        expect({
          at: `${service.name} ${method.toUpperCase()} ${path} ${status}`,
          schema: responses[status]?.content?.[PROBLEM_MEDIA_TYPE]?.schema?.$ref,
        }).toEqual({
          at: `${service.name} ${method.toUpperCase()} ${path} ${status}`,
          schema: PROBLEM_REF,
        });
      }
    }
    // Reads ignore the command headers, so they do not declare them (an invalid If-Match on a GET is not refused).
    const readsWithCommandHeaders = each()
      .filter(
        ({ method, operation }) =>
          method === 'get' && (operation.parameters ?? []).some((p) => ['if-match', 'idempotency-key'].includes(p.name.toLowerCase())),
      )
      .map(({ service, path }) => `${service.name} GET ${path}`);
    expect(readsWithCommandHeaders).toEqual([]);
    for (const s of platformOf().services)
      expect(s.document.components?.schemas?.Problem).toMatchObject({ required: ['type', 'title', 'status', 'code', 'detail'] });
  });

  it('every authenticated operation answers 401 without a token, as a declared problem', async () => {
    for (const { service, method, path, operation } of each().filter((o) => o.operation.security?.length)) {
      const res = await request(service.http)[method as 'get'](concrete(path));
      const at = `${service.name} ${method.toUpperCase()} ${path}`;
      expect({
        at,
        status: res.status,
        type: res.headers['content-type'],
        problem: isProblem(res.body),
        declared: '401' in operation.responses,
      }).toEqual({
        at,
        status: 401,
        type: expect.stringContaining(PROBLEM_MEDIA_TYPE),
        problem: true,
        declared: true,
      });
    }
  });

  it('every public operation answers 401 to a token that is not valid, as a declared problem (the guard reads a token wherever one is sent)', async () => {
    const publicOperations = each().filter((o) => !o.operation.security?.length && o.method === 'get');
    expect(publicOperations.length).toBeGreaterThan(0);
    for (const { service, method, path, operation } of publicOperations) {
      const res = await request(service.http)[method as 'get'](concrete(path)).set('Authorization', 'Bearer not-a-token');
      const at = `${service.name} ${method.toUpperCase()} ${path}`;
      expect({ at, status: res.status, problem: isProblem(res.body), declared: '401' in operation.responses }).toEqual({
        at,
        status: 401,
        problem: true,
        declared: true,
      });
    }
  });

  it('a method a documented path does not declare answers 405 with Allow listing the declared ones', async () => {
    const byPath = new Map<string, { service: RunningService; methods: Set<string> }>();
    for (const { service, method, path } of each()) {
      const key = `${service.name} ${path}`;
      const entry = byPath.get(key) ?? { service, methods: new Set<string>() };
      entry.methods.add(method.toUpperCase());
      byPath.set(key, entry);
    }
    for (const [key, { service, methods }] of byPath) {
      const path = key.split(' ')[1];
      if (methods.has('DELETE')) continue;
      const res = await request(service.http).delete(concrete(path));
      const allow = (res.headers.allow ?? '').split(', ');
      expect({ key, status: res.status, problem: isProblem(res.body), code: res.body.code }).toEqual({
        key,
        status: 405,
        problem: true,
        code: 'METHOD_NOT_ALLOWED',
      });
      for (const m of methods) expect({ key, allow }).toEqual({ key, allow: expect.arrayContaining([m]) });
    }
  });

  it('an optional property sent as null answers 422 naming it, as the schema does not allow null', async () => {
    const [intake, cases] = platformOf().services;
    const lead = {
      title: '某某公司高息揽储',
      description: '以高息为诱饵吸收资金',
      category: 'illegal_fundraising',
      field: 'third_party_wealth_management',
      street: 'lc-st-haibin',
    };
    const sent: [RunningService, string, Record<string, unknown>, Record<string, string>, string][] = [
      [intake, '/public/leads', { ...lead, channel: null }, {}, 'channel'],
      [
        intake,
        '/leads',
        { ...lead, source: 'routine_supervision', channel: 'agency_system', reportToOffice: null },
        bearer('lc-market', ['unit_officer']),
        'reportToOffice',
      ],
      [
        intake,
        '/leads',
        { ...lead, source: 'routine_supervision', channel: 'agency_system', informant: null },
        bearer('lc-market', ['unit_officer']),
        'informant',
      ],
      [
        cases,
        '/meetings/m-1/decisions',
        { caseId: 'c-1', decision: 'determined', conclusion: null, text: '经审议认定' },
        bearer('lc-office', ['convener']),
        'conclusion',
      ],
    ];
    const before = (await platformOf().store.readAll({ limit: 100_000 })).length;
    for (const [service, path, body, headers, field] of sent) {
      const res = await request(service.http).post(path).set(headers).send(body);
      expect({ path, field, status: res.status, fields: (res.body.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({
        path,
        field,
        status: 422,
        fields: expect.arrayContaining([field]),
      });
    }
    expect((await platformOf().store.readAll({ limit: 100_000 })).length).toBe(before);
  });

  it('request bodies are closed to undeclared properties, as the server refuses them', () => {
    const schemas = Object.fromEntries(platformOf().services.map((s) => [s.name, s.document.components?.schemas ?? {}]));
    for (const { service, operation } of each()) {
      const ref = (operation.requestBody?.content?.['application/json'] as { schema?: { $ref?: string } } | undefined)?.schema?.$ref;
      if (!ref) continue;
      const schema = schemas[service.name][ref.split('/').pop()!] as { additionalProperties?: unknown };
      expect({ ref, additionalProperties: schema.additionalProperties }).toEqual({ ref, additionalProperties: false });
    }
  });
});
