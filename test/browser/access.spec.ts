/**
 * 越权访问: the officer of another unit opens a case's address directly and sees
 * the not-found/no-access page in Chinese, not the case. The case is set up
 * through the console's API (the lifecycle story clicks the same steps).
 */
import { ensurePeople, passwordOf } from './support/accounts';
import { openCase } from './support/cases';
import { expect, shot, test } from './support/fixtures';
import { PEOPLE } from './support/people';

test('另一成员单位的工作人员直接打开案件地址 → 显示“无权查看或不存在”，看不到案件', async ({ page, browser, consoleErrors }) => {
  await ensurePeople(browser, [PEOPLE.street, PEOPLE.office, PEOPLE.unit, PEOPLE.otherUnit]);
  const caseId = await openCase({ title: `网格员排查：某养老机构预售床位（${Date.now()}）` });
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
