import { BadRequestException, Controller, Get, INestApplication, Module, NotFoundException, Query } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ConcurrencyRetriesExhaustedError, InvalidAppendError, WrongExpectedVersionError } from '@jm/event-sourcing';
import { ProblemDetailsFilter } from './problem-details.filter';

/** A domain error of a service: its code is in the error catalogue, which gives its status. */
class LeadClosedError extends Error {
  readonly code = 'INVALID_TRANSITION';
}

@Controller()
class ThrowingController {
  @Get('fail')
  fail(@Query('what') what: string): never {
    switch (what) {
      case 'version':
        throw new WrongExpectedVersionError('case-1', 3, 4);
      case 'retries':
        throw new ConcurrencyRetriesExhaustedError('case-1', 5);
      case 'invalid':
        throw new InvalidAppendError('append to lead-1, event[0]: id must be a lowercase UUID');
      case 'domain':
        throw new LeadClosedError('线索已关闭，不能再分派');
      case 'validation':
        throw new BadRequestException({ message: ['amount must be a decimal string', 'field must be one of …'] });
      case 'missing':
        throw new NotFoundException('lead-9 not found');
      default:
        throw new Error('database password is hunter2');
    }
  }
}

@Module({ controllers: [ThrowingController] })
class ThrowingModule {}

describe('ProblemDetailsFilter', () => {
  let app: INestApplication;
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ThrowingModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.init();
  });
  afterAll(() => app.close());

  const get = (what: string, lang?: string) => {
    const r = request(app.getHttpServer()).get(`/fail?what=${what}`);
    return lang ? r.set('Accept-Language', lang) : r;
  };

  it('maps a stale expected version to 409 with a code and a zh-CN title by default', async () => {
    const res = await get('version');
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: 'about:blank',
      title: '状态冲突，请刷新后重试',
      status: 409,
      code: 'WRONG_EXPECTED_VERSION',
      detail: 'Stream case-1: expected version 3, actual 4',
      instance: '/fail?what=version',
    });
  });

  it('answers in English when asked', async () => {
    const res = await get('retries', 'en-US,en;q=0.9');
    expect(res.body).toMatchObject({ status: 409, code: 'CONCURRENCY_RETRIES_EXHAUSTED', title: 'Conflict: reload and try again' });
    const byQuery = await request(app.getHttpServer()).get('/fail?what=missing&lang=en');
    expect(byQuery.body).toMatchObject({ status: 404, title: 'Not found', detail: 'lead-9 not found' });
  });

  it('maps invalid input to 422 and keeps validation messages as errors', async () => {
    expect((await get('invalid')).body).toMatchObject({ status: 422, code: 'INVALID_APPEND', title: '输入不符合要求' });
    const res = await get('validation');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(['amount must be a decimal string', 'field must be one of …']);
  });

  it("uses the catalogue's status for a domain error's code", async () => {
    expect((await get('domain')).body).toMatchObject({ status: 409, code: 'INVALID_TRANSITION', detail: '线索已关闭，不能再分派' });
  });

  it('hides the internals of an unexpected error', async () => {
    const res = await get('boom');
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ code: 'INTERNAL', title: '服务器内部错误' });
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
  });
});
