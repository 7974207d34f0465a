/**
 * 越权访问: the officer of another unit opens a case's address directly and sees
 * the not-found/no-access page in Chinese, not the case. The case is set up
 * through the console's API (the lifecycle story clicks the same steps).
 */
import { apiAs, ensurePeople, passwordOf } from './support/accounts';
import { expect, shot, test } from './support/fixtures';
import { PEOPLE } from './support/people';

/** A founded lead of Haibin street, routed to the social-affairs centre: its case id. */
async function openCase(): Promise<string> {
  const street = await apiAs(PEOPLE.street.username);
  const lead = await street.api.post('/api/intake/leads', {
    headers: { 'x-csrf-token': await street.csrf() },
    data: {
      title: `网格员排查：某养老机构预售床位（${Date.now()}）`,
      description: '网格员走访发现该机构以预售床位名义吸收资金。',
      category: 'illegal_fundraising',
      field: 'pension',
      street: 'lc-st-haibin',
      source: 'grid_worker',
      channel: 'agency_system',
      reportToOffice: true,
    },
  });
  expect(lead.status(), await lead.text()).toBeLessThan(300);
  const { leadId } = (await lead.json()) as { leadId: string };
  const office = await apiAs(PEOPLE.office.username);
  // Cases learns of the lead over the bus.
  await expect
    .poll(
      async () =>
        (await office.api.post(`/api/cases/triage/${leadId}/route`, { headers: { 'x-csrf-token': await office.csrf() }, data: {} })).status(),
      {
        timeout: 30_000,
      },
    )
    .toBeLessThan(300);
  const unit = await apiAs(PEOPLE.unit.username);
  const headers = { 'x-csrf-token': await unit.csrf() };
  expect((await unit.api.post(`/api/cases/triage/${leadId}/verification`, { headers })).status()).toBeLessThan(300);
  const founded = await unit.api.post(`/api/cases/triage/${leadId}/feedback`, { headers, data: { outcome: 'founded' } });
  expect(founded.status(), await founded.text()).toBeLessThan(300);
  const { caseId } = (await founded.json()) as { caseId: string };
  for (const client of [street, office, unit]) await client.api.dispose();
  return caseId;
}

test('另一成员单位的工作人员直接打开案件地址 → 显示“无权查看或不存在”，看不到案件', async ({ page, browser, consoleErrors }) => {
  await ensurePeople(browser, [PEOPLE.street, PEOPLE.office, PEOPLE.unit, PEOPLE.otherUnit]);
  const caseId = await openCase();
  const { username } = PEOPLE.otherUnit;
  await page.goto('/sign-in');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(passwordOf(username));
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByRole('main')).toContainText('本单位待办');

  await page.goto(`/cases/${caseId}`);
  await expect(page.getByText('无权查看或不存在')).toBeVisible();
  await expect(page.getByText('该记录不存在，或不在您的职责范围内。')).toBeVisible();
  await expect(page.getByText('某养老机构预售床位')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '记录调查情况' })).toHaveCount(0);
  await shot(page, '41-case-no-access');

  // The 403/404 of the case this story provokes on purpose (Chromium logs each as a console error).
  const provoked = (e: string): boolean => /status of 40[34]/.test(e) && e.includes(`/api/cases/cases/${caseId}`);
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !provoked(e)));
});
