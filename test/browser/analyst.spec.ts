/**
 * 统计报表: an analyst opens the statistics; the chart's accessible table shows
 * the very numbers the reporting API gives for the same table, period and
 * grouping (read with the analyst's own session through /api/reporting).
 */
import { ensurePeople, passwordOf } from './support/accounts';
import { expect, shot, test } from './support/fixtures';
import { PEOPLE } from './support/people';

interface StatTable {
  columns: Array<{ key: string; label: string; type: 'text' | 'count' | 'yuan' }>;
  rows: Array<Record<string, string | number | null>>;
}

test('统计分析人员查看统计报表 → 图表数据与报表接口一致', async ({ page, browser }) => {
  await ensurePeople(browser, [PEOPLE.analyst]);
  await page.goto('/sign-in');
  await page.getByLabel('用户名').fill(PEOPLE.analyst.username);
  await page.getByLabel('密码', { exact: true }).fill(passwordOf(PEOPLE.analyst.username));
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  await page.getByRole('menuitem', { name: '统计报表' }).click();
  await expect(page).toHaveURL(/\/statistics/);
  await expect(page.getByRole('heading', { name: '统计报表' })).toBeVisible();

  // What the page shows by default: the first table, this year (China time), by unit, its first numeric column.
  const list = await page.request.get('/api/reporting/statistics');
  expect(list.status()).toBe(200);
  const table = ((await list.json()) as { tables: Array<{ code: string }> }).tables[0].code;
  const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date());
  const answer = await page.request.get(`/api/reporting/statistics/${table}?period=${year}&by=unit&lang=zh-CN`);
  expect(answer.status()).toBe(200);
  const stats = (await answer.json()) as StatTable;
  const metric = stats.columns.find((c) => c.type !== 'text')!;
  const expected = stats.rows.map((r) => [String(r.dimension), String(r[metric.key] ?? '')]);

  const data = page.getByTestId('chart-unit-data');
  await expect(data).toHaveAccessibleName(new RegExp(metric.label));
  await expect(page.getByTestId('chart-unit')).toBeVisible();
  const shown = await data
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => [row.querySelector('th')?.textContent ?? '', row.querySelector('td')?.textContent ?? '']));
  expect(shown).toEqual(expected);
  await shot(page, '42-statistics-analyst');
});
