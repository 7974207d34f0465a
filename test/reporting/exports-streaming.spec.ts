/**
 * Exports (GET /exports/:name) on the embedded reporting app: CSV bytes (BOM,
 * CRLF, RFC 4180 quoting, formula guard, China-time dates, plain decimals),
 * XLSX read back with exceljs (title line, headers, numbers with two
 * decimals), both compared with the API's rows; headers (Content-Type,
 * RFC 5987 file name); and a 50,000-row ledger export that streams: the first
 * bytes arrive long before the last, the heap stays bounded, and the file
 * opens with every row.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { Role } from '@jm/reference';
import { bearer } from '@jm/platform/testing';
import { factRow, leadRow, riskRow, seedFacts, seedLeads, seedRisks, startReportingApp, TestReportingApp } from './support/ledger-rows';

const as = (agency: string, roles: Role[]) => bearer(agency, roles, `${agency}-user`);
const analyst = as('lc-office', ['analyst']);
const BIG = 50_000;
/** How often the download measures retained memory: every this many bytes received. */
const MIDWAY_BYTES = { csv: 2_000_000, xlsx: 700_000 };

/** The V8 collector, so a memory figure is what is retained, not what is not yet collected. */
function forcedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** RFC 4180: quoted fields may hold commas, CRLF and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else field += c;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

const chinaTime = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('exports (embedded, SQLite)', () => {
  let t: TestReportingApp;
  let dir: string;
  const get = (url: string, who: Record<string, string> = analyst) => request(t.app.getHttpServer()).get(url).set(who);
  const binary = (url: string) =>
    get(url)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jm-exports-'));
    t = await startReportingApp();
    await seedLeads(t.db, [
      leadRow({ leadId: 'lead-1', title: '养老院"高息"揽储，月息3%', amountFen: 150_000_050, receivedAt: '2026-03-01T17:30:00.000Z' }),
      leadRow({
        leadId: 'lead-2',
        title: '=HYPERLINK("http://evil")',
        amountFen: null,
        receivedAt: '2026-03-02T02:00:00.000Z',
        companies: '+86 某公司\r\n第二行',
        major: true,
      }),
    ]);
    await seedFacts(t.db, [
      factRow('lead_received', 'lead-1', '2026-03-01T17:30:00.000Z', { subjectType: 'lead', unit: 'lc-st-haibin', detail: 'public_report' }),
      factRow('measure_taken', 'case-x', '2026-02-10T02:00:00.000Z', { unit: 'lc-market', detail: 'penalty', amountFen: 20_000_055 }),
    ]);
    await seedRisks(t.db, [riskRow({ caseId: 'case-x' })]);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the lead ledger as CSV: BOM, CRLF, quoting, formula guard, China-time dates, plain decimals, the API rows', async () => {
    const res = await binary('/exports/leads?format=csv').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="lead-ledger-2026-03-20.csv"; filename*=UTF-8''${encodeURIComponent('线索台账-2026-03-20.csv')}`,
    );
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).toContain('"\'=HYPERLINK(""http://evil"")"');
    const [header, ...rows] = parseCsv(text);
    expect(header.slice(0, 4)).toEqual(['受理编号', '线索标题', '类别', '领域']);
    const api = (await get('/ledgers/leads').expect(200)).body.items as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(api.length);
    const col = (name: string) => header.indexOf(name);
    api.forEach((item, i) => {
      expect(rows[i][col('受理编号')]).toBe(item.receiptNo);
      expect(rows[i][col('涉案金额（元）')]).toBe(item.amountYuan ?? '');
      expect(rows[i][col('接收时间')]).toBe(chinaTime(item.receivedAt as string));
      expect(rows[i][col('所属街道')]).toBe(item.streetLabel);
      expect(rows[i][col('是否重大')]).toBe(item.major ? '是' : '否');
    });
    const evil = rows.find((r) => r[col('线索标题')].includes('HYPERLINK')) as string[];
    expect(evil[col('线索标题')]).toBe('\'=HYPERLINK("http://evil")');
    expect(evil[col('涉及企业')]).toBe("'+86 某公司\r\n第二行");
    const quoted = rows.find((r) => r[col('线索标题')].startsWith('养老院')) as string[];
    expect(quoted[col('线索标题')]).toBe('养老院"高息"揽储，月息3%');
    expect(quoted[col('接收时间')]).toBe('2026-03-02 01:30');
    expect(quoted[col('涉案金额（元）')]).toBe('1500000.50');
  });

  it('writes a statistics table as XLSX: a title line with the period, Chinese headers, numbers with two decimals, the total row', async () => {
    const res = await binary('/exports/work-statistics?format=xlsx&period=2026-Q1&by=unit').expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('打击非法集资专项行动工作情况统计表（2026年第一季度）.xlsx')}`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as never);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('打击非法集资专项行动工作情况统计表（2026年第一季度）');
    const api = (await get('/statistics/work-statistics?period=2026-Q1&by=unit').expect(200)).body;
    const headers = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(headers).toEqual(api.columns.map((c: { label: string }) => c.label));
    const dataRows = [...api.rows, api.total];
    expect(sheet.rowCount).toBe(2 + dataRows.length);
    dataRows.forEach((row: Record<string, unknown>, i: number) => {
      const cells = (sheet.getRow(3 + i).values as unknown[]).slice(1);
      api.columns.forEach((c: { key: string; type: string }, j: number) => {
        const expected = c.type === 'yuan' ? Number(row[c.key]) : row[c.key];
        expect({ column: c.key, value: cells[j] ?? null }).toEqual({ column: c.key, value: expected });
      });
    });
    const amountColumn = api.columns.findIndex((c: { key: string }) => c.key === 'penaltyAmount') + 1;
    const market = 3 + api.rows.findIndex((r: { dimensionCode: string }) => r.dimensionCode === 'lc-market');
    expect(sheet.getRow(market).getCell(amountColumn).value).toBe(200000.55);
    expect(sheet.getRow(market).getCell(amountColumn).numFmt).toBe('#,##0.00');
    expect(sheet.getRow(market).getCell(1).value).toBe('鲤城区市场监督管理局');
  });

  it('refuses a bad format, filter or period with 422, an unknown export with 404, a token without a reading role with 403', async () => {
    const format = await get('/exports/leads?format=pdf').expect(422);
    expect(format.body.errors).toEqual([{ field: 'format', messages: ['format: one of xlsx, csv'] }]);
    const filter = await get('/exports/risks?riskGrade=extreme').expect(422);
    expect(filter.body.errors[0].field).toBe('riskGrade');
    const period = await get('/exports/enforcement?period=2026-13').expect(422);
    expect(period.body.errors[0].field).toBe('period');
    const unknown = await get('/exports/everything').expect(404);
    expect(unknown.body.detail).toContain('leads, risks, work-statistics');
    await get('/exports/leads', as('lc-office', [])).expect(403);
  });

  describe(`a ${BIG.toLocaleString('en')}-row ledger`, () => {
    beforeAll(async () => {
      const rows = Array.from({ length: BIG }, (_, i) =>
        riskRow({
          caseId: `big-${String(i).padStart(6, '0')}`,
          caseNo: `LC-BIG-${i}`,
          title: i % 1000 === 0 ? `-1+1 公式样例 ${i}` : `风险样例 ${i}`,
          amountInvolvedFen: i * 101,
          openedAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
          riskGrade: ['low', 'medium', 'high', 'major'][i % 4],
        }),
      );
      await seedRisks(t.db, rows);
    }, 120_000);

    it('counts at most 10,001 rows for the total and says it is not exact', async () => {
      const res = await get('/ledgers/risks?pageSize=10').expect(200);
      expect(res.body).toMatchObject({ total: 10_001, totalIsExact: false });
    });

    it.each(['xlsx', 'csv'] as const)(
      'streams as %s: first bytes long before the end, a bounded heap, and every row readable',
      async (format) => {
        const port = (t.app.getHttpServer().address() as AddressInfo).port;
        const file = join(dir, `big.${format}`);
        const out = createWriteStream(file);
        // Memory the export holds, after a full collection: heap plus Buffers (a writer that held the sheet back would hold it in either).
        const gc = forcedGc();
        const retained = () => {
          gc();
          return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
        };
        const baseline = retained();
        const samples: number[] = [];
        const started = performance.now();
        let firstByte = 0;
        let bytes = 0;
        const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
          http
            .get({ port, host: '127.0.0.1', path: `/exports/risks?format=${format}&sort=openedAt&order=asc`, headers: analyst }, resolve)
            .on('error', reject),
        );
        expect(res.statusCode).toBe(200);
        for await (const chunk of res) {
          if (!firstByte) firstByte = performance.now() - started;
          bytes += (chunk as Buffer).length;
          if (!out.write(chunk)) await once(out, 'drain');
          // A reader as fast as the server: whatever the export queues anywhere (socket, zip input, rows) is retained here.
          if (bytes > MIDWAY_BYTES[format] * (samples.length + 1)) samples.push(retained() - baseline);
        }
        out.end();
        await once(out, 'finish');
        const total = performance.now() - started;
        const retainedMb = Math.max(...samples) / 1024 / 1024;
        console.log(
          `export ${format}: ${BIG} rows, ${(bytes / 1024 / 1024).toFixed(1)} MB, first byte ${firstByte.toFixed(0)} ms, done ${total.toFixed(0)} ms, retained at most ${retainedMb.toFixed(1)} MB over ${samples.length} samples`,
        );
        expect(firstByte).toBeLessThan(total / 5);
        expect(retainedMb).toBeLessThan(25);

        const api = (await get('/ledgers/risks?pageSize=200&sort=openedAt&order=asc').expect(200)).body.items as Array<Record<string, unknown>>;
        const read: unknown[][] = [];
        let count = 0;
        if (format === 'csv') {
          const { readFileSync } = await import('node:fs');
          const rows = parseCsv(readFileSync(file, 'utf8').slice(1));
          count = rows.length - 1;
          read.push(...rows.slice(1, 201));
        } else {
          const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {});
          for await (const sheet of reader) {
            for await (const row of sheet) {
              if (row.number > 2) {
                count++;
                if (read.length < 200) read.push((row.values as unknown[]).slice(1));
              }
            }
          }
        }
        expect(count).toBe(BIG + 1); // the 50,000 rows and the case seeded above
        api.forEach((item, i) => {
          const amount =
            format === 'xlsx' ? (item.amountInvolvedYuan === null ? undefined : Number(item.amountInvolvedYuan)) : (item.amountInvolvedYuan ?? '');
          const title = format === 'csv' && /^[-+=@]/.test(item.title as string) ? `'${item.title}` : item.title;
          expect([read[i][0], read[i][1], read[i][11], read[i][23]]).toEqual([item.caseNo, title, amount, chinaTime(item.openedAt as string)]);
        });
      },
      180_000,
    );
  });
});
