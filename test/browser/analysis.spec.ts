/**
 * 分析: an analyst groups this year's cases by month and category, sees the
 * pivot and the chart, checks a figure against the analysis API (read with the
 * analyst's own session), switches on 同比, drills into the 台账 and sees the
 * rows behind the figure, saves the analysis, reopens and deletes it, and
 * exports it as XLSX. The cases come through the console's API first.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { ensurePeople, passwordOf } from './support/accounts';
import { openCase } from './support/cases';
import { expect, shot, test } from './support/fixtures';
import { chooseOnly } from './support/forms';
import { PEOPLE } from './support/people';

interface Answer {
  columns: Array<{ key: string; kind: string; label: string }>;
  rows: Array<{ dimensions: Record<string, unknown>; labels: Record<string, string>; values: Record<string, number | null>; drill: string }>;
}

const BUS_TIMEOUT = 60_000;

/** The analysis API's answer to `query`, as the page's session reads it. */
async function analyse(page: Page, query: object, lang = 'zh-CN', status = 200): Promise<Answer> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'jm_csrf')?.value ?? '';
  const answer = await page.request.post('/api/reporting/analysis/queries', {
    data: query,
    headers: { 'x-csrf-token': csrf, 'accept-language': lang },
  });
  expect(answer.status(), await answer.text()).toBe(status);
  return (await answer.json()) as Answer;
}

async function ledgerTotal(page: Page, drill: string): Promise<number> {
  const answer = await page.request.get(`/api/reporting/ledgers/risks?${drill}`);
  expect(answer.status(), await answer.text()).toBe(200);
  return ((await answer.json()) as { total: number }).total;
}

test('统计分析人员按月份和类别分析 → 透视表与图表、同比、穿透到台账、保存并重新打开、导出 XLSX', async ({ page, browser, consoleErrors }) => {
  test.setTimeout(240_000);
  await ensurePeople(browser, [PEOPLE.street, PEOPLE.office, PEOPLE.unit, PEOPLE.analyst]);
  const tag = Date.now();
  await openCase({ title: `网格员排查：某养老机构预售床位（${tag}）` });
  await openCase({ title: `网格员排查：某养老机构冒充理财诈骗（${tag}）`, category: 'financial_fraud' });

  await page.goto('/sign-in');
  await page.getByLabel('用户名').fill(PEOPLE.analyst.username);
  await page.getByLabel('密码', { exact: true }).fill(passwordOf(PEOPLE.analyst.username));
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);

  // What the page will ask: this year (China time) by month and category, cases.
  const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date());
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date());
  const query = {
    dimensions: ['period', 'category'],
    measures: ['cases'],
    period: { by: 'month', from: `${year}-01-01`, to: `${year}-12-31` },
    limit: 100,
  };
  // The fraud case reaches reporting over the bus: wait until this month's fraud figure counts it and equals its ledger rows.
  const fraudOf = (answer: Answer) => answer.rows.find((r) => r.dimensions.period === month && r.dimensions.category === 'financial_fraud');
  let answer: Answer | undefined;
  await expect(async () => {
    answer = await analyse(page, query);
    const row = fraudOf(answer);
    expect(row?.values.cases ?? 0).toBeGreaterThan(0);
    expect(await ledgerTotal(page, row!.drill)).toBe(row!.values.cases);
  }).toPass({ timeout: BUS_TIMEOUT, intervals: [500, 1000, 2000] });
  const fraud = fraudOf(answer!)!;
  const cases = answer!.columns.find((c) => c.kind === 'measure' && c.key === 'cases')!.label;
  const figure = page.getByRole('link', { name: `${fraud.labels.period} · ${fraud.labels.category} · ${cases}：${fraud.values.cases}`, exact: true });

  await page.getByRole('menuitem', { name: '分析', exact: true }).click();
  await expect(page).toHaveURL(/\/analysis/);
  await expect(page.getByRole('heading', { name: '分析' })).toBeVisible();
  await chooseOnly(page, '维度', ['立案期间', '类别']);
  await chooseOnly(page, '指标', ['案件数']);
  await page.getByLabel('立案起始日期').fill(`${year}-01-01`);
  await page.getByLabel('立案截止日期').fill(`${year}-12-31`);
  await page.getByRole('button', { name: '开始分析' }).click();

  // The pivot: months as rows, categories as columns; the figure is the API's, and the chart draws it.
  await expect(figure).toBeVisible();
  await expect(page.getByRole('columnheader', { name: fraud.labels.category, exact: true })).toBeVisible();
  await expect(page.getByTestId('analysis-chart')).toBeVisible();
  const charted = await page
    .getByTestId('analysis-chart-data')
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent ?? '')));
  expect(charted).toContainEqual([fraud.labels.period, fraud.labels.category, String(fraud.values.cases)]);
  // The result card in view: its end (the whole card fits), its start (the wider table of 同比 does not).
  const toResult = (block: 'start' | 'end') => page.getByTestId('analysis-result').evaluate((card, at) => card.scrollIntoView({ block: at }), block);
  await toResult('end');
  await shot(page, '43-analysis-pivot');

  // 同比: each figure gets last year's and the change.
  await page.getByText('同比', { exact: true }).click();
  await page.getByRole('button', { name: '开始分析' }).click();
  const compared = await analyse(page, { ...query, compare: 'yoy' });
  const previous = compared.columns.find((c) => c.kind === 'previous')!.label;
  await expect(page.getByRole('columnheader', { name: previous, exact: true }).first()).toBeVisible();
  await expect(figure).toBeVisible();
  await toResult('start');
  await shot(page, '44-analysis-yoy');

  // The figure opens the risk ledger filtered to the cases behind it.
  await figure.click();
  await expect(page).toHaveURL(/\/ledgers\?ledger=risks&/);
  await expect(page.getByText(`共 ${fraud.values.cases} 条`)).toBeVisible();
  await expect(page.getByRole('cell', { name: new RegExp(`冒充理财诈骗（${tag}）`) })).toBeVisible();
  await expect(page.getByRole('cell', { name: new RegExp(`预售床位（${tag}）`) })).toHaveCount(0);
  await shot(page, '45-analysis-drill');

  // Back to the same analysis; in English, the headers are the API's English ones.
  await page.goBack();
  await expect(figure).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Analysis' })).toBeVisible();
  const english = await analyse(page, { ...query, compare: 'yoy' }, 'en');
  await expect(
    page.getByRole('columnheader', { name: english.columns.find((c) => c.kind === 'previous')!.label, exact: true }).first(),
  ).toBeVisible();
  await page.getByRole('button', { name: '中文' }).click();
  await expect(figure).toBeVisible();

  // XLSX: a real workbook (a zip) with the analysis.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel（XLSX）' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  expect(
    readFileSync(await download.path())
      .subarray(0, 2)
      .toString(),
  ).toBe('PK');

  // Save it, open it again from 我的分析.
  const name = `本年按月按类别（${tag}）`;
  await page.getByRole('button', { name: '保存分析' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('分析名称').fill(name);
  await dialog.getByRole('button', { name: '保存分析' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText(`已保存“${name}”`)).toBeVisible();
  // A fresh page reads 我的分析 from the service, whose list is a projection: reload until it shows the save.
  await expect(async () => {
    await page.goto('/analysis');
    await expect(page.getByRole('button', { name: `打开“${name}”` })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: BUS_TIMEOUT, intervals: [500, 1000, 2000] });
  await page.getByRole('button', { name: `打开“${name}”` }).click();
  await expect(page.getByRole('heading', { name: `分析 · ${name}`, exact: true })).toBeVisible();
  await expect(figure).toBeVisible();
  const dimensions = page.locator('.ant-select').filter({ has: page.getByLabel('维度', { exact: true }) });
  await expect(dimensions.locator('.ant-select-selection-item')).toHaveText(['立案期间', '类别']);
  await shot(page, '46-analysis-saved');

  // And it can be deleted.
  await page.getByRole('button', { name: `删除“${name}”` }).click();
  await page
    .locator('.ant-popconfirm')
    .getByRole('button', { name: /删\s*除/ })
    .click();
  await expect(page.getByRole('button', { name: `打开“${name}”` })).toHaveCount(0);

  // A query the API refuses (top-N over 1000) shows its reasons; one with no cases says so.
  const refused = { dimensions: ['unit'], measures: ['cases'], limit: 5000 };
  const problem = (await analyse(page, refused, 'zh-CN', 422)) as unknown as { errors: Array<{ field: string; messages: string[] }> };
  await page.goto(`/analysis?q=${encodeURIComponent(JSON.stringify(refused))}`);
  await expect(page.getByRole('alert').filter({ hasText: '分析条件不被接受' })).toContainText(problem.errors[0].messages[0]);
  await page.goto(
    `/analysis?q=${encodeURIComponent(JSON.stringify({ ...refused, limit: 10, period: { by: 'year', from: '2000-01-01', to: '2000-12-31' } }))}`,
  );
  await expect(page.getByText('没有符合条件的数据')).toBeVisible();

  // The 422 this story provokes on purpose (Chromium logs it as a console error).
  const provoked = (e: string): boolean => /status of 422/.test(e) && e.includes('/api/reporting/analysis/queries');
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !provoked(e)));
});
