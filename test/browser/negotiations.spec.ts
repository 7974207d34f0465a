/**
 * 跨区域协商 in the console of a federated deployment (docs/console.md, docs/federation-casework.md). The global
 * setup's stack is not federated, so this story starts its own deployments on the real PostgreSQL and Kafka
 * (support/fed-stack.ts): 鲤城区 (lc: intake, cases), 丰泽区 (fz) and 泉州市 (qz), each with cases,
 * notifications and its console.
 *  1. lc opens a case (a public lead, routed, verified as founded, through lc's APIs with tokens of lc's secret)
 *     with a subject in fz's region → fz's negotiation appears in fz's console; fz's office officer (made by fz's
 *     first-start admin) opens it, sees the due time and the subject in fz's region only, agrees that lc leads;
 *     the record shows 已协商一致 and lc's notice becomes agreed.
 *  2. A second case: fz disagrees with a reason (已报共同上级); qz's office officer decides in qz's console that
 *     lc leads (已由共同上级裁决); fz's record and lc's notice are bound by it.
 */
import { Browser, BrowserContext, Page } from '@playwright/test';
import { firstSignIn } from './support/accounts';
import { startFederation, RunningFederation } from './support/fed-stack';
import { expect, shot, test, watchConsole } from './support/fixtures';
import { choose } from './support/forms';

const OFFICER_PASSWORD = 'Fengze#2026-story';
const DEADLINE_MS = 60_000;

let fed: RunningFederation;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  fed = await startFederation({
    deployments: { lc: ['intake', 'cases'], fz: ['cases', 'notifications', 'console'], qz: ['cases', 'notifications', 'console'] },
    tokens: {
      lcOffice: { agency: 'lc-office', roles: ['office_officer'], user: 'lc-office-lin' },
      lcUnit: { agency: 'lc-social-affairs', roles: ['unit_officer'], user: 'lc-unit-chen' },
    },
  });
});

test.afterAll(async () => {
  test.setTimeout(120_000);
  await fed?.stop();
});

/** A JSON call to a service of a deployment; a refusal fails with the problem the service sent. */
async function call<T>(deployment: string, service: string, method: 'GET' | 'POST', path: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(`${fed.urls[deployment][service as 'cases']}${path}`, {
    method,
    headers: {
      Accept: 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${deployment}/${service}${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Polls `read` until `ready` holds, with a deadline (never a fixed sleep). */
async function until<T>(read: () => Promise<T>, ready: (value: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  await expect
    .poll(
      async () => {
        last = await read().catch(() => undefined);
        return last !== undefined && ready(last);
      },
      { message: what, timeout: DEADLINE_MS, intervals: [250, 500, 1000] },
    )
    .toBe(true);
  return last as T;
}

interface Notice {
  negotiationId: string;
  kind: string;
  caseNo: string;
  status: string;
}

/** lc opens a case through its own APIs: a public lead with a subject in each region, routed, verified as founded. */
async function lcOpensCase(title: string): Promise<{ caseNo: string; notice: Notice }> {
  const { lcOffice, lcUnit } = fed.tokens;
  await call('lc', 'intake', 'POST', '/public/leads', undefined, {
    title,
    description: '该公司在鲤城区、丰泽区均设有门店，以养老理财返利为名向老年人吸收资金。',
    category: 'illegal_fundraising',
    field: 'pension',
    street: 'lc-st-haibin',
    amountYuan: '12000000',
    participants: 150,
    channel: 'hotline',
    subjects: [
      { kind: 'company', name: '泉州某某康养服务有限公司鲤城分公司', region: '350502' },
      { kind: 'company', name: '泉州某某康养服务有限公司丰泽门店', region: '350503' },
    ],
  });
  const triage = await until(
    () =>
      call<{ items: Array<{ leadId: string; title: string | null }> }>('lc', 'cases', 'GET', '/triage?status=awaiting_triage&pageSize=200', lcOffice),
    (page) => page.items.some((item) => item.title === title),
    `the lead “${title}” in lc's triage`,
  );
  const leadId = (triage.items.find((item) => item.title === title) as { leadId: string }).leadId;
  await call('lc', 'cases', 'POST', `/triage/${leadId}/route`, lcOffice, {});
  await call('lc', 'cases', 'POST', `/triage/${leadId}/verification`, lcUnit, {});
  const { caseId } = await call<{ caseId: string }>('lc', 'cases', 'POST', `/triage/${leadId}/feedback`, lcUnit, { outcome: 'founded' });
  const opened = await until(
    () => call<{ state: { facts?: { caseNo?: string } } }>('lc', 'cases', 'GET', `/cases/${caseId}`, lcOffice),
    (view) => !!view.state.facts?.caseNo,
    `lc's case ${caseId}`,
  );
  const caseNo = opened.state.facts?.caseNo as string;
  const notices = await until(
    () => call<{ items: Notice[] }>('lc', 'cases', 'GET', '/negotiations?kind=notice&pageSize=200', lcOffice),
    (page) => page.items.some((n) => n.caseNo === caseNo && n.status === 'awaiting_answer'),
    `lc's notice of case ${caseNo} to fz`,
  );
  return { caseNo, notice: notices.items.find((n) => n.caseNo === caseNo) as Notice };
}

/** lc's own record of a negotiation, once it has the status wanted. */
const lcNotice = (negotiationId: string, status: string) =>
  until(
    () => call<{ status: string; statusLabel: string }>('lc', 'cases', 'GET', `/negotiations/${negotiationId}`, fed.tokens.lcOffice),
    (view) => view.status === status,
    `lc's notice ${negotiationId} ${status}`,
  );

/** A browser context on a deployment's console, as playwright.config.ts makes the test's own. */
async function consoleOf(browser: Browser, deployment: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    baseURL: fed.urls[deployment].console,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 768 },
  });
  const page = await context.newPage();
  return { context, page, errors: watchConsole(page) };
}

/** The first-start admin of a deployment's console creates an office officer (admin API, once), who signs in through the pages. */
const officers = new Map<string, string>();
async function officerOf(page: Page, deployment: string): Promise<void> {
  const username = `${deployment}.officer`;
  if (!officers.has(deployment)) {
    const admin = fed.admins[deployment];
    const api = page.context().request;
    expect((await api.post('/auth/sign-in', { data: admin })).status()).toBe(200);
    const csrf = async () => (await page.context().cookies()).find((c) => c.name === 'jm_csrf')?.value ?? '';
    const changed = await api.post('/auth/password', {
      data: { currentPassword: admin.password, newPassword: OFFICER_PASSWORD },
      headers: { 'x-csrf-token': await csrf() },
    });
    expect(changed.status(), await changed.text()).toBe(204);
    const created = await api.post('/admin/accounts', {
      data: {
        agency: `${deployment}-office`,
        username,
        displayName: `${deployment === 'fz' ? '丰泽区' : '泉州市'}联席办经办人`,
        roles: ['office_officer'],
      },
      headers: { 'x-csrf-token': await csrf() },
    });
    expect(created.status(), await created.text()).toBe(201);
    await api.post('/auth/sign-out', { headers: { 'x-csrf-token': await csrf() } });
    await page.context().clearCookies();
    await firstSignIn(page, username, ((await created.json()) as { oneTimePassword: string }).oneTimePassword, OFFICER_PASSWORD);
    officers.set(deployment, username);
  } else {
    await page.goto('/sign-in');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码', { exact: true }).fill(OFFICER_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect(page).not.toHaveURL(/\/sign-in/);
  }
}

/** Opens 跨区域协商 from the menu and waits (reloading, with a deadline) until the case's record is listed. */
async function openFromList(page: Page, caseNo: string): Promise<void> {
  await page.getByRole('menuitem', { name: '跨区域协商' }).click();
  await expect(page.getByRole('heading', { name: '跨区域协商' })).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('link', { name: caseNo })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: DEADLINE_MS });
}

test('协商一致：鲤城区立案涉及丰泽区主体 → 丰泽区联席办在控制台同意由鲤城区主办 → 双方记录均为已协商一致', async ({ browser }) => {
  const title = `群众举报：某康养公司在鲤城、丰泽两地以养老理财为名揽储（${Date.now()}）`;
  const { caseNo, notice } = await lcOpensCase(title);

  const fz = await consoleOf(browser, 'fz');
  await officerOf(fz.page, 'fz');
  await openFromList(fz.page, caseNo);
  const row = fz.page.getByRole('row', { name: new RegExp(caseNo) });
  await expect(row).toContainText('外地来函协商');
  await expect(row).toContainText('鲤城区 → 丰泽区');
  await expect(row).toContainText('待对方答复');
  await shot(fz.page, '70-fz-negotiations-list');
  // The filters ask cases (kind=dispute: fz decides none): the empty text says when there are none at all.
  await choose(fz.page, '类型', '协商争议裁决');
  await expect(fz.page.getByText('暂无跨区域协商（本部署未与其他地区部署联通时不会产生）')).toBeVisible();
  await expect(fz.page).toHaveURL(/kind=dispute/);
  await fz.page.goto('/negotiations?kind=negotiation&status=awaiting_answer');

  await row.getByRole('link', { name: caseNo }).click();
  await expect(fz.page.getByRole('heading', { name: `外地来函协商 · ${caseNo}` })).toBeVisible();
  await expect(fz.page.getByRole('row', { name: /答复期限/ })).toContainText(/\d{4}\/\d{2}\/\d{2} 24:00/);
  await expect(fz.page.getByText('泉州某某康养服务有限公司丰泽门店')).toBeVisible();
  // Only the subject in fz's region travels, nothing of lc's subject, the lead or its informant.
  await expect(fz.page.getByText('泉州某某康养服务有限公司鲤城分公司')).toHaveCount(0);
  await expect(fz.page.getByText('鲤城区（350502） · 鲤城区打击非法金融活动联席会议办公室（鲤城区联席会议平台）')).toBeVisible();
  await shot(fz.page, '71-fz-negotiation-detail');

  await fz.page.getByRole('button', { name: '答复协商' }).click();
  const dialog = fz.page.getByRole('dialog', { name: '答复协商' });
  await dialog.getByLabel('同意，确定主办地').check();
  await dialog.getByLabel('鲤城区（350502）').check();
  await shot(fz.page, '72-fz-answer-form');
  await dialog.getByRole('button', { name: '提交' }).click();
  await expect(dialog).toBeHidden();
  await expect(fz.page.getByText('已协商一致', { exact: true })).toBeVisible();
  await expect(fz.page.getByText('同意由鲤城区（350502）主办')).toBeVisible();
  await expect(fz.page.getByRole('button', { name: '答复协商' })).toHaveCount(0);
  await shot(fz.page, '73-fz-negotiation-agreed');

  expect((await lcNotice(notice.negotiationId, 'agreed')).statusLabel).toBe('已协商一致');
  expect(fz.errors).toEqual([]);
  await fz.context.close();
});

test('协商不一致：丰泽区不同意 → 报共同上级泉州市 → 市联席办在控制台裁决由鲤城区主办 → 对双方均有约束力', async ({ browser }) => {
  const title = `群众举报：某康养公司异地门店以高息返利为名揽储（${Date.now()}）`;
  const { caseNo, notice } = await lcOpensCase(title);

  const fz = await consoleOf(browser, 'fz');
  await officerOf(fz.page, 'fz');
  await openFromList(fz.page, caseNo);
  await fz.page.getByRole('link', { name: caseNo }).click();
  await fz.page.getByRole('button', { name: '答复协商' }).click();
  const dialog = fz.page.getByRole('dialog', { name: '答复协商' });
  await dialog.getByLabel('不同意，报共同上级裁决').check();
  // A disagreement needs its reason: the form says so and sends nothing.
  await dialog.getByRole('button', { name: '提交' }).click();
  await expect(dialog.getByText('请填写理由（最多 2000 字）')).toBeVisible();
  await dialog.getByLabel('不同意的理由').fill('主要资金归集地、主要行为发生地均在鲤城区，不同意由丰泽区主办');
  await shot(fz.page, '74-fz-disagree-form');
  await dialog.getByRole('button', { name: '提交' }).click();
  await expect(dialog).toBeHidden();
  await expect(fz.page.getByText('已报共同上级', { exact: true })).toBeVisible();
  await expect(fz.page.getByText('协商未达成一致')).toBeVisible();
  await shot(fz.page, '75-fz-referred');

  const qz = await consoleOf(browser, 'qz');
  await officerOf(qz.page, 'qz');
  await openFromList(qz.page, caseNo);
  await expect(qz.page.getByRole('row', { name: new RegExp(caseNo) })).toContainText('待裁决');
  await qz.page.getByRole('link', { name: caseNo }).click();
  await expect(qz.page.getByRole('heading', { name: `协商争议裁决 · ${caseNo}` })).toBeVisible();
  await expect(qz.page.getByText('主要资金归集地、主要行为发生地均在鲤城区，不同意由丰泽区主办')).toBeVisible();
  await shot(qz.page, '76-qz-dispute');
  await qz.page.getByRole('button', { name: '作出裁决' }).click();
  const decision = qz.page.getByRole('dialog', { name: '作出裁决' });
  await decision.getByLabel('鲤城区（350502）').check();
  await decision.getByLabel('裁决理由').fill('主要资金归集地在鲤城区，由鲤城区主办，丰泽区配合。');
  await shot(qz.page, '77-qz-decision-form');
  await decision.getByRole('button', { name: '提交' }).click();
  await expect(decision).toBeHidden();
  await expect(qz.page.getByText('已由共同上级裁决', { exact: true })).toBeVisible();
  await expect(qz.page.getByText('由鲤城区（350502）主办。主要资金归集地在鲤城区，由鲤城区主办，丰泽区配合。')).toBeVisible();
  await shot(qz.page, '78-qz-decided');

  // The decision reaches both regions and binds them: fz's record shows it, lc's notice is decided.
  await expect(async () => {
    await fz.page.reload();
    await expect(fz.page.getByText('已由共同上级裁决', { exact: true })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: DEADLINE_MS });
  await expect(fz.page.getByRole('button', { name: '答复协商' })).toHaveCount(0);
  await shot(fz.page, '79-fz-bound-by-decision');
  expect((await lcNotice(notice.negotiationId, 'decided')).statusLabel).toBe('已由共同上级裁决');
  expect([...fz.errors, ...qz.errors]).toEqual([]);
  await fz.context.close();
  await qz.context.close();
});
