/**
 * Evidence files: allowed types checked by declared type and content, a size
 * limit, content-addressed storage (the same file twice is one file), and
 * submissions that name evidence by its hash.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { LeadReceivedData, toLeadStreamId } from '@jm/contracts';
import { bearer } from '@jm/platform/testing';
import { agencyLead, IntakeHarness, startIntake, streamEvents } from './support';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR fake image body')]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('intake: evidence', () => {
  let h: IntakeHarness;
  beforeAll(async () => {
    h = await startIntake({ EVIDENCE_MAX_BYTES: '1024' });
  });
  afterAll(async () => {
    await h.close();
  });

  const upload = (content: Buffer, filename: string, contentType: string) =>
    request(h.http)
      .post('/leads/evidence')
      .set(bearer('lc-market', ['unit_officer']))
      .attach('file', content, { filename, contentType });

  it('given a PNG, then it is stored under its SHA-256 and its EvidenceRef is the answer', async () => {
    const res = await upload(PNG, '转账截图.png', 'image/png');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ sha256: sha(PNG), size: PNG.length, mediaType: 'image/png', fileName: '转账截图.png' });
    const path = join(h.dir, 'evidence', sha(PNG).slice(0, 2), sha(PNG));
    expect(readFileSync(path)).toEqual(PNG);
  });

  it('the same file twice is one file, and the answer is the same', async () => {
    const first = await upload(PDF, 'contract.pdf', 'application/pdf');
    const second = await request(h.http).post('/public/evidence').attach('file', PDF, { filename: 'other-name.pdf', contentType: 'application/pdf' });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    const dir = join(h.dir, 'evidence', sha(PDF).slice(0, 2));
    expect(readdirSync(dir).filter((f) => f.startsWith(sha(PDF)))).toEqual([sha(PDF), `${sha(PDF)}.json`]);
    expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('too big: 413 naming the limit, nothing stored', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x41)]);
    const res = await upload(big, 'big.pdf', 'application/pdf');
    expect(res.status).toBe(413);
    expect(res.body.detail).toMatch(/limit of 1024 bytes/);
    expect(() => readdirSync(join(h.dir, 'evidence', sha(big).slice(0, 2)))).toThrow();
  });

  it('a type not allowed, or content that is not what it claims: 422 listing the allowed types', async () => {
    const exe = await upload(Buffer.from('MZ\x90\x00'), 'tool.exe', 'application/x-msdownload');
    expect(exe.status).toBe(422);
    expect(exe.body.errors[0].field).toBe('file');
    expect(exe.body.errors[0].messages[0]).toMatch(/allowed: pdf \(application\/pdf\), jpeg \(image\/jpeg\), png/);
    const fakePng = await upload(Buffer.from('MZ this is not a png'), 'photo.png', 'image/png');
    expect(fakePng.status).toBe(422);
    expect(fakePng.body.errors[0].messages[0]).toMatch(/not a png file/);
    const binaryText = await upload(Buffer.from([0x00, 0xff, 0xfe]), 'notes.txt', 'text/plain');
    expect(binaryText.status).toBe(422);
    const text = await upload(Buffer.from('举报补充说明', 'utf8'), 'notes.txt', 'text/plain; charset=utf-8');
    expect(text.status).toBe(201);
    expect(text.body.mediaType).toBe('text/plain');
  });

  it('no file, or the wrong field: 422', async () => {
    const none = await request(h.http)
      .post('/leads/evidence')
      .set(bearer('lc-market', ['unit_officer']))
      .field('x', 'y');
    expect(none.status).toBe(422);
    const wrongField = await request(h.http)
      .post('/leads/evidence')
      .set(bearer('lc-market', ['unit_officer']))
      .attach('document', PDF, { filename: 'a.pdf', contentType: 'application/pdf' });
    expect(wrongField.status).toBe(422);
    expect((await request(h.http).post('/leads/evidence').attach('file', PDF, { filename: 'a.pdf', contentType: 'application/pdf' })).status).toBe(
      401,
    );
  });

  it('a submission names evidence by hash; the event carries the EvidenceRef; an unknown hash is 422', async () => {
    await upload(PNG, '转账截图.png', 'image/png');
    const res = await request(h.http)
      .post('/leads')
      .set(bearer('lc-market', ['unit_officer']))
      .send(agencyLead({ evidence: [sha(PNG)] }));
    expect(res.status).toBe(201);
    const [received] = await streamEvents(h, toLeadStreamId(res.body.leadId));
    expect((received.data as LeadReceivedData).evidence).toEqual([
      { sha256: sha(PNG), size: PNG.length, mediaType: 'image/png', fileName: '转账截图.png' },
    ]);
    const unknown = await request(h.http)
      .post('/leads')
      .set(bearer('lc-market', ['unit_officer']))
      .send(agencyLead({ evidence: ['f'.repeat(64)] }));
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'evidence[0]' })]);
  });
});
