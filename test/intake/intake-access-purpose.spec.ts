/**
 * X-Access-Purpose through the shared @AccessPurpose() decorator, on intake's
 * lead read: Chinese text percent-encoded or in RFC 8187 form is stored
 * decoded in the access log; raw non-ASCII, malformed encoding and a purpose
 * over 500 characters are a 422 naming the header, and record nothing.
 */
import request from 'supertest';
import { RecordAccessedData, toAccessStreamId } from '@jm/contracts';
import { bearer } from '@jm/platform/testing';
import { IntakeHarness, startIntake, streamEvents, submitAgencyLead } from './support';

describe('intake: X-Access-Purpose', () => {
  let h: IntakeHarness;
  let leadId: string;
  beforeAll(async () => {
    h = await startIntake();
    ({ leadId } = await submitAgencyLead(h, 'lc-market', ['unit_officer']));
  });
  afterAll(async () => {
    await h.close();
  });

  const read = (purpose: string) =>
    request(h.http)
      .get(`/leads/${leadId}`)
      .set(bearer('lc-office', ['office_officer']))
      .set('X-Access-Purpose', purpose);
  const accessLog = async () => (await streamEvents(h, toAccessStreamId('lead', leadId))).map((e) => e.data as RecordAccessedData);

  it("percent-encoded UTF-8 and RFC 8187 (UTF-8''…) are both stored decoded", async () => {
    expect((await read(encodeURIComponent('核实举报内容')).expect(200)).status).toBe(200);
    expect((await accessLog()).at(-1)).toMatchObject({ purpose: '核实举报内容', granted: true });
    await read(`UTF-8''${encodeURIComponent('核实')}`).expect(200);
    expect((await accessLog()).at(-1)).toMatchObject({ purpose: '核实', granted: true });
    await read("utf-8'zh-CN'%E5%88%86%E5%8A%9E").expect(200);
    expect((await accessLog()).at(-1)).toMatchObject({ purpose: '分办' });
  });

  it('raw UTF-8 bytes (mojibake once read as Latin-1) are a 422 that names the header and says how to encode it; nothing is recorded', async () => {
    const before = (await accessLog()).length;
    const raw = Buffer.from('核实', 'utf8').toString('latin1');
    const res = await read(raw);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'X-Access-Purpose', messages: [expect.stringMatching(/raw non-ASCII.*percent-encoded UTF-8.*RFC 8187/)] }],
    });
    expect((await accessLog()).length).toBe(before);
  });

  it('a purpose over 500 characters is a 422, not cut; 500 are stored whole', async () => {
    const res = await read(encodeURIComponent('核'.repeat(501)));
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({
      field: 'X-Access-Purpose',
      messages: [expect.stringContaining('501 characters long after decoding; at most 500')],
    });
    await read(encodeURIComponent('核'.repeat(500))).expect(200);
    expect((await accessLog()).at(-1)?.purpose).toBe('核'.repeat(500));
  });

  it('malformed percent-encoding and encoded control characters are a 422', async () => {
    expect((await read('%E6%A0')).body.errors[0].messages[0]).toMatch(/not valid percent-encoding/);
    expect((await read('100%')).status).toBe(422);
    expect((await read('line%0Abreak')).body.errors[0].messages[0]).toMatch(/control characters/);
  });
});
