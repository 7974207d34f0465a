/**
 * `npm run demo`: drives the issue #3 scenario against the system `npm start`
 * runs (embedded mode), then prints a readable timeline in Chinese
 * (`--lang en` for English). Tokens are minted with this installation's own
 * secret (JWT_SECRET, else .data/secrets.json written by npm start).
 *
 * At two moments (the lead just routed; the closure just requested) it prints
 * the to-do lists (待办) of the office and of the lead unit from notifications.
 *
 * Options: --intake <url> (default http://127.0.0.1:3001, or INTAKE_URL),
 *          --cases <url> (default http://127.0.0.1:3002, or CASES_URL),
 *          --notifications <url> (default http://127.0.0.1:3003, or NOTIFICATIONS_URL), --lang zh-CN|en.
 */
import { signToken } from '@jm/platform';
import { ApiClient } from './scenario/http-client';
import { runLeadLifecycle, ScenarioMoment } from './scenario/lead-lifecycle';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS helper shared with start.js
const { securityEnv, SECRETS_FILE } = require('./secrets.js') as {
  securityEnv: (env: NodeJS.ProcessEnv, o?: { create?: boolean }) => { JWT_SECRET?: string };
  SECRETS_FILE: string;
};

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

function fail(message: string): never {
  process.stderr.write(`demo: ${message}\n`);
  process.exit(1);
}

async function reachable(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health`)).ok;
  } catch {
    return false;
  }
}

interface TodoItem {
  kind: string;
  kindLabel: string;
  subject: { kind: string; id: string; no: string | null; title: string | null };
  handedOver: { byName: string; at: string };
  due: { dueAt: string | null; statusLabel: string } | null;
  action: { label: string | null };
}

/** The units whose lists the demo shows: the office and the unit the rules route the scenario's lead to. */
const DEMO_UNITS = ['lc-office', 'lc-social-affairs'] as const;

/** Waits until the unit's open list holds the item the moment hands it (the projection is eventually consistent), then prints both lists. */
async function printTodoLists(notifications: ApiClient, token: (unit: string) => string, at: ScenarioMoment, lang: 'zh-CN' | 'en'): Promise<void> {
  const expected =
    at.moment === 'routed'
      ? { unit: 'lc-social-affairs', kind: 'lead_verification', subjectId: at.leadId }
      : { unit: 'lc-office', kind: 'closure_approval', subjectId: at.caseId };
  const path = (unit: string) => `/worklist?unit=${unit}&state=open&pageSize=20`;
  await notifications.waitFor<{ items: TodoItem[] }>(
    path(expected.unit),
    token(expected.unit),
    (list) => list.items.some((i) => i.kind === expected.kind && i.subject.id === expected.subjectId),
    `the ${expected.kind} item on ${expected.unit}'s to-do list`,
    30000,
  );
  const when = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' });
  const title =
    at.moment === 'routed'
      ? lang === 'en'
        ? 'To-do lists after the routing'
        : '分办后的待办'
      : lang === 'en'
        ? 'To-do lists after the closure request'
        : '申请销号后的待办';
  process.stdout.write(`\n  ── ${title} ──\n`);
  const counts = await notifications.get<{ units: Array<{ unit: string; unitName: string; open: number; dueSoon: number; overdue: number }> }>(
    '/worklist/counts',
    token('lc-office'),
    { 'Accept-Language': lang },
  );
  for (const unit of DEMO_UNITS) {
    const list = await notifications.get<{ items: TodoItem[]; total: number }>(path(unit), token(unit), { 'Accept-Language': lang });
    const c = counts.units.find((u) => u.unit === unit);
    const header =
      lang === 'en'
        ? `${c?.unitName ?? unit}: ${list.total} open, ${c?.dueSoon ?? 0} due soon, ${c?.overdue ?? 0} overdue`
        : `${c?.unitName ?? unit}：待办 ${list.total} 件，即将到期 ${c?.dueSoon ?? 0} 件，逾期 ${c?.overdue ?? 0} 件`;
    process.stdout.write(`  ${header}\n`);
    for (const item of list.items) {
      const due = item.due?.dueAt ? `${lang === 'en' ? 'due' : '期限'} ${when.format(new Date(item.due.dueAt))}（${item.due.statusLabel}）` : '';
      const from = `${item.handedOver.byName} ${when.format(new Date(item.handedOver.at))}`;
      process.stdout.write(
        `    · ${item.kindLabel}｜${item.subject.no ?? item.subject.id} ${item.subject.title ?? ''}｜${from}｜${due}｜${item.action.label ?? ''}\n`,
      );
    }
  }
  process.stdout.write('\n');
}

async function main(): Promise<void> {
  const intake = option('intake', process.env.INTAKE_URL || 'http://127.0.0.1:3001');
  const cases = option('cases', process.env.CASES_URL || 'http://127.0.0.1:3002');
  const notifications = option('notifications', process.env.NOTIFICATIONS_URL || 'http://127.0.0.1:3003');
  const lang = option('lang', 'zh-CN') === 'en' ? 'en' : 'zh-CN';
  for (const [name, url] of [
    ['intake', intake],
    ['cases', cases],
    ['notifications', notifications],
  ]) {
    if (!(await reachable(url))) fail(`${name} does not answer at ${url}/health; start the system first with "npm start" (in another terminal)`);
  }
  const { JWT_SECRET } = securityEnv(process.env, { create: false });
  if (!JWT_SECRET) fail(`no JWT_SECRET in the environment and no ${SECRETS_FILE}; npm start creates it`);

  const started = Date.now();
  const step = (line: string) => process.stdout.write(`  [${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}\n`);
  process.stdout.write(
    lang === 'en'
      ? 'Scenario: a public lead through to risk write-off\n'
      : '演示场景：群众举报线索 → 分办核查 → 立案 → 认定 → 逐级上报 → 移送公安 → 办结销号\n',
  );
  const mint = (agency: string, roles: Parameters<typeof signToken>[0]['roles'], user: string) =>
    signToken({ sub: user, agency, roles }, JWT_SECRET, { ttlSeconds: 3600 });
  const reader = (unit: string) => mint(unit, [unit === 'lc-office' ? 'office_officer' : 'unit_officer'], `${unit}-demo`);
  const at = (moment: ScenarioMoment) => printTodoLists(new ApiClient(notifications), reader, moment, lang);
  const result = await runLeadLifecycle({ intake, cases }, mint, step, { lang, at });

  const office = mint('lc-office', ['office_officer'], 'lc-office-zhang');
  const view = await new ApiClient(cases).get<{ timeline: Array<{ at: string; by: { name: string; user: string }; text: string }> }>(
    `/cases/${result.caseId}`,
    office,
    { 'Accept-Language': lang },
  );
  process.stdout.write(`\n${lang === 'en' ? 'Case' : '案件'} ${result.caseNo}${lang === 'en' ? ' timeline' : ' 办理经过'}:\n`);
  for (const line of view.timeline) {
    const at = new Date(line.at).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
    process.stdout.write(`  ${at}  ${line.text}\n`);
  }
  process.stdout.write(
    lang === 'en'
      ? `\nInformant's view (receipt ${result.receiptNo}): ${result.publicStatus.label}\n`
      : `\n举报人凭回执 ${result.receiptNo} 查询：${result.publicStatus.label}\n`,
  );
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
