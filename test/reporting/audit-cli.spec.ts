/**
 * `npm run audit` as a person runs it: a child process against a SQLite store
 * file, checked by its exit code and output (timelines, state, access log,
 * anchor, verification before and after tampering, bad arguments).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { RECORD_ACCESSED } from '@jm/contracts';
import { Actor, SqliteEventStore } from '@jm/event-sourcing';
import { newEvent } from '@jm/event-sourcing/testing/fixtures';

const ROOT = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'jm-audit-cli-'));
const SQLITE_PATH = join(dir, 'events.sqlite');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function audit(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/audit.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', SQLITE_PATH, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** A contract event as its owning service appends it, at a given time and by a given actor. */
const event = (type: string, data: unknown, time: string, actor: Actor = { agency: 'lc-office', user: 'officer-1' }) =>
  newEvent(type, data, { time, actor });

beforeAll(async () => {
  const store = SqliteEventStore.open({ path: SQLITE_PATH });
  const opened = {
    caseId: 'C1',
    caseNo: 'CASE-350502-2026-0001',
    title: '某公司涉嫌非法集资',
    leadIds: ['L1'],
    category: 'illegal_fundraising',
    field: 'pension',
    jurisdiction: '350502',
    office: 'lc-office',
    leadUnit: 'lc-market',
    cooperatingUnits: [],
    subjects: [],
    matchKeys: [],
    by: 'lc-office',
  };
  await store.append(
    'case-C1',
    [
      event('CaseOpened', opened, '2026-03-05T02:00:00.000Z'),
      event('RiskGradeChanged', { caseId: 'C1', by: 'lc-office', to: 'major', reason: '金额巨大' }, '2026-03-06T02:00:00.000Z'),
    ],
    'no_stream',
  );
  const read = {
    resourceType: 'case',
    resourceId: 'C1',
    agency: 'lc-police',
    user: 'police-1',
    roles: ['unit_officer'],
    fields: ['summary'],
    purpose: '协查',
    granted: true,
  };
  await store.append('access-case-C1', [event(RECORD_ACCESSED, read, '2026-03-07T02:00:00.000Z', { agency: 'lc-police', user: 'police-1' })], 'any');
  await store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run audit', () => {
  it('prints a stream timeline in Chinese, and in English with --lang en', async () => {
    const zh = await audit(['timeline', '--stream', 'case-C1']);
    expect(zh).toMatchObject({ code: 0, stderr: '' });
    expect(zh.stdout).toContain('2026-03-05 10:00:00  case-C1@0  鲤城区打击非法金融活动联席会议办公室 (officer-1)  [立案]');
    expect(zh.stdout).toContain('调整风险等级：未定级 → 重大风险（金额巨大）。');
    expect(zh.stdout).toContain('(2 events)');
    const en = await audit(['timeline', '--from', '2026-03-06T00:00:00Z', '--to', '2026-03-08T00:00:00Z', '--lang', 'en', '--json']);
    expect(en.code).toBe(0);
    expect(JSON.parse(en.stdout).map((e: { typeLabel: string }) => e.typeLabel)).toEqual(['Risk grade changed', 'Record accessed']);
  });

  it('prints the state of a case as of a moment; a moment before it opened is an error', async () => {
    const before = await audit(['state', '--case', 'C1', '--at', '2026-03-05T12:00:00Z']);
    expect(before.code).toBe(0);
    expect(before.stdout).toContain('案件 C1（CASE-350502-2026-0001）截至 2026-03-05 20:00:00：调查中');
    expect(before.stdout).toContain('风险等级: -');
    const after = await audit(['state', '--case', 'C1', '--at', '2026-03-06T02:00:00Z', '--json']);
    expect(JSON.parse(after.stdout)).toMatchObject({ eventsApplied: 2, labels: { riskGrade: '重大风险' } });
    const notYet = await audit(['state', '--case', 'C1', '--at', '2026-03-01T00:00:00Z']);
    expect(notYet).toMatchObject({ code: 3, stdout: '' });
    expect(notYet.stderr).toContain('case C1 as of 2026-03-01T00:00:00.000Z (it was not opened yet) was not found');
  });

  it('prints who read what from the access streams, filtered by resource and agency', async () => {
    const res = await audit(['access', '--resource', 'case-C1']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('2026-03-07 10:00:00  泉州市公安局鲤城分局 (police-1)  case-C1  summary  "协查"');
    const other = await audit(['access', '--agency', 'lc-market']);
    expect(other.stdout).toBe('(0 records)\n');
  });

  it('anchors, verifies with progress on stderr, and exits 1 once a row was tampered with', async () => {
    const anchored = await audit(['anchor']);
    expect(anchored.code).toBe(0);
    expect(anchored.stdout).toMatch(/^anchor [0-9a-f-]{36}: 2 streams, 3 events up to position \d+; digest [0-9a-f]{64}\n$/);
    const clean = await audit(['verify']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^OK: 5 events in 3 streams verified/);
    expect(clean.stderr).toMatch(/verify: 5 events, position \d+ of \d+/);

    const db = new Database(SQLITE_PATH);
    db.prepare(
      `UPDATE events SET data = '{"caseId":"C1","by":"lc-office","to":"low","reason":"改"}' WHERE stream_id = 'case-C1' AND stream_version = 1`,
    ).run();
    db.close();
    const tampered = await audit(['verify', '--json']);
    expect(tampered.code).toBe(1);
    expect(JSON.parse(tampered.stdout)).toMatchObject({ ok: false, problems: [{ streamId: 'case-C1', version: 1, kind: 'altered' }] });
  });

  // Every row has three entries: with two, jest would take the third parameter for a done callback.
  it.each<[string[], RegExp, Record<string, string>]>([
    [['frobnicate'], /unknown command "frobnicate"; commands: timeline, state, access, verify, anchor, help/, {}],
    [['timeline'], /timeline: --to is required \(an ISO-8601 instant/, {}],
    [['timeline', '--stream', 'case-C1', '--from', '2026-03-01'], /give either --stream alone, or --from and --to/, {}],
    [['timeline', '--from', 'last week', '--to', '2026-03-01'], /--from "last week" is not an ISO-8601 instant/, {}],
    [['state', '--case', 'C1'], /state: --at is required/, {}],
    [['state', '--case'], /state: --case needs a value/, {}],
    [['access', '--agency', 'nobody'], /--agency "nobody" is not in the agency registry/, {}],
    [['verify', '--lang', 'en'], /unexpected "--lang"; options of verify: --json/, {}],
    [['verify'], /EVENT_STORE: given "oracle"; allowed: one of sqlite, postgres/, { EVENT_STORE: 'oracle' }],
  ])('refuses %j with exit code 2 and says what is allowed', async (args, message, env) => {
    const res = await audit(args, env);
    expect(res).toMatchObject({ code: 2, stdout: '' });
    expect(res.stderr).toMatch(message);
  });

  it('prints the help', async () => {
    const res = await audit(['help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Usage: npm run audit -- <command> [options]');
  });
});
