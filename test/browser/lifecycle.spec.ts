/**
 * 线索的一生, by clicking: a street registers a lead, the district office routes
 * it, the lead unit verifies it and a case opens, the investigation and the
 * determination request and opinion, the district meeting escalates, the city
 * meeting determines, the police accept the transfer, closure is requested and
 * approved (销号). Each person signs in through the sign-in page in a context of
 * their own; what travels over the bus is awaited by reloading with a deadline.
 */
import { Browser, Locator, Page } from '@playwright/test';
import { ensurePeople, signedInPage } from './support/accounts';
import { expect, shot, test } from './support/fixtures';
import { choose, expectEveryFieldLabelled } from './support/forms';
import { PEOPLE } from './support/people';

test.setTimeout(240_000);

const BUS_TIMEOUT = 45_000;

/** Reloads until `check` holds (what another service learns over the bus). */
async function untilAfterReload(page: Page, check: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: BUS_TIMEOUT, intervals: [500, 1000, 2000] });
}

/** Clicks `action` (a case action, 安排会议, 记录会议决定), fills its dialog with `fill`, then 提交. */
async function caseAction(page: Page, action: string, fill: (dialog: Locator) => Promise<void>): Promise<void> {
  await page.getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: action });
  await expect(dialog).toBeVisible();
  await expectEveryFieldLabelled(dialog);
  await fill(dialog);
  await dialog.getByRole('button', { name: /提\s*交/ }).click();
  await expect(dialog).toBeHidden({ timeout: 15_000 });
}

/** 会议 → 安排会议 with its level, kind, time (China time) and title; the new meeting's path. */
async function scheduleMeeting(page: Page, [level, kind, at, title]: [string, string, string, string]): Promise<string> {
  await page.getByRole('menuitem', { name: '会议' }).click();
  await caseAction(page, '安排会议', async (dialog) => {
    await choose(page, '会议级别', level, dialog);
    await choose(page, '会议类型', kind, dialog);
    await dialog.getByLabel('会议时间').fill(at);
    await dialog.getByLabel('会议名称').fill(title);
  });
  await expect(page).toHaveURL(/\/meetings\/[^/]+$/, { timeout: 15_000 });
  return new URL(page.url()).pathname;
}

/** On the meeting page, once the case is on its agenda: 记录会议决定 for it. */
async function decideOn(
  page: Page,
  meetingPath: string,
  caseId: string,
  decision: string,
  minutes: string,
  screenshot: string,
  more: (dialog: Locator) => Promise<void> = async () => undefined,
): Promise<void> {
  await page.goto(meetingPath);
  await untilAfterReload(page, () => expect(page.getByRole('button', { name: '记录会议决定' })).toBeVisible({ timeout: 3_000 }));
  await shot(page, screenshot);
  await caseAction(page, '记录会议决定', async (dialog) => {
    await choose(page, '案件', caseId, dialog);
    await choose(page, '会议决定', decision, dialog);
    await more(dialog);
    await dialog.getByLabel('会议纪要').fill(minutes);
  });
}

async function as(browser: Browser, who: keyof typeof PEOPLE): Promise<{ page: Page; done: () => Promise<void> }> {
  const { context, page, errors } = await signedInPage(browser, PEOPLE[who].username);
  return {
    page,
    done: async () => {
      expect(errors, `console errors of ${who}'s page`).toEqual([]);
      await context.close();
    },
  };
}

test('登记线索 → 分办 → 核查 → 立案 → 调查认定 → 区联席会议提请 → 市联席会议认定 → 移送公安立案 → 结案销号', async ({ browser }) => {
  await ensurePeople(browser, Object.values(PEOPLE));
  const tag = String(Date.now()).slice(-6);
  const title = `网格员排查：某某养老服务公司以“养老公寓预售”高息揽储（${tag}）`;

  // 1. The street registers the lead (线索登记) and reports it to the office.
  const street = await as(browser, 'street');
  await expect(street.page.getByText('本单位待办')).toBeVisible();
  await shot(street.page, '20-workbench-street');
  await street.page.getByRole('menuitem', { name: /线索登记/ }).click();
  await expect(street.page.getByRole('heading', { name: '线索登记' })).toBeVisible();
  await expectEveryFieldLabelled(street.page);
  await street.page.getByLabel('标题').fill(title);
  await street.page.getByLabel('线索内容').fill('网格员走访发现该公司以预售养老公寓床位、承诺年化12%返利为名向老年人吸收资金。');
  await choose(street.page, '活动类别', '非法集资');
  await choose(street.page, '涉及领域', '养老服务');
  await choose(street.page, '线索来源', '网格员上报');
  await street.page.getByLabel('发生地点').fill('鲤城区海滨街道某路88号');
  await street.page.getByLabel('涉及金额（元）').fill('35000000');
  await street.page.getByLabel('涉及人数').fill('420');
  await street.page.getByRole('heading', { name: '线索登记' }).scrollIntoViewIfNeeded();
  await shot(street.page, '21-lead-form');
  await street.page.getByRole('button', { name: '提交登记' }).click();
  await expect(street.page).toHaveURL(/\/leads\/(?!new$)[^/]+$/, { timeout: 15_000 });
  const leadPath = new URL(street.page.url()).pathname;
  await expect(street.page.getByText(title).first()).toBeVisible();
  await street.done();

  // 2. The office finds it among its leads and routes it by the rules.
  const office = await as(browser, 'office');
  await office.page.goto(leadPath);
  await untilAfterReload(office.page, () => expect(office.page.getByRole('button', { name: '分派核查' })).toBeVisible({ timeout: 3_000 }));
  await shot(office.page, '22-lead-detail-office');
  await office.page.getByRole('button', { name: '分派核查' }).click();
  const routeDialog = office.page.getByRole('dialog', { name: '分派承办单位核查' });
  await expectEveryFieldLabelled(routeDialog);
  await routeDialog.getByRole('button', { name: /确\s*定/ }).click();
  await expect(routeDialog).toBeHidden({ timeout: 15_000 });

  // 3. The social-affairs centre verifies it: founded, a case opens.
  const unit = await as(browser, 'unit');
  await unit.page.goto(leadPath);
  await untilAfterReload(unit.page, () => expect(unit.page.getByRole('button', { name: '开始核查' })).toBeVisible({ timeout: 3_000 }));
  await unit.page.getByRole('button', { name: '开始核查' }).click();
  await expect(unit.page.getByRole('button', { name: '反馈核查结果' })).toBeVisible({ timeout: 15_000 });
  await unit.page.getByRole('button', { name: '反馈核查结果' }).click();
  const feedback = unit.page.getByRole('dialog', { name: '反馈核查结果' });
  await feedback.getByRole('radio', { name: '属实，立案' }).check();
  await feedback.getByRole('button', { name: /确\s*定/ }).click();
  await expect(unit.page).toHaveURL(/\/cases\/[^/]+$/, { timeout: 15_000 });
  const casePath = new URL(unit.page.url()).pathname;

  // 4. Investigation: findings, then the determination request to the finance office.
  await untilAfterReload(unit.page, () => expect(unit.page.getByRole('button', { name: '记录调查情况' })).toBeVisible({ timeout: 3_000 }));
  await caseAction(unit.page, '记录调查情况', async (dialog) => {
    await dialog.getByLabel('调查情况').fill('经调查，该公司未取得任何金融业务许可，以预售床位名义承诺固定回报，吸收资金约3500万元。');
    await dialog.getByLabel('金额（元）').fill('35000000');
    await dialog.getByLabel('涉及人数').fill('420');
  });
  await caseAction(unit.page, '提请性质认定', async (dialog) => {
    await dialog.getByLabel('认定机关（单位代码）').fill('lc-finance');
  });
  await unit.done();

  const authority = await as(browser, 'authority');
  await authority.page.goto(casePath);
  await untilAfterReload(authority.page, () => expect(authority.page.getByRole('button', { name: '出具认定意见' })).toBeVisible({ timeout: 3_000 }));
  await caseAction(authority.page, '出具认定意见', async (dialog) => {
    await choose(authority.page, '认定结论', '非法集资', dialog);
    await dialog.getByLabel('存在争议或案情复杂').check();
    await dialog.getByLabel('认定意见').fill('初步认定涉嫌非法集资，但与合法养老服务预付费的界限存在争议，建议提请联席会议研究。');
  });
  await authority.done();

  // 5. The district meeting: scheduled, the case referred onto its agenda, decided (escalate).
  const meetingTitle = `区联席会议第12次全体会议（${tag}）`;
  const districtPath = await scheduleMeeting(office.page, ['区联席会议', '全体会议', '2026-12-21T10:00', meetingTitle]);
  await office.page.goto(casePath);
  await untilAfterReload(office.page, () => expect(office.page.getByRole('button', { name: '提请区联席会议' })).toBeVisible({ timeout: 3_000 }));
  await shot(office.page, '23-case-detail');
  await caseAction(office.page, '提请区联席会议', async (dialog) => {
    await choose(office.page, '联席会议', new RegExp(meetingTitle.replace(/[()（）]/g, '.')), dialog);
    await dialog.getByLabel('提请研究事项').fill('请审议该案性质认定');
  });
  const caseId = casePath.split('/').pop()!;
  await decideOn(office.page, districtPath, caseId, '提请市联席会议', '案情复杂、涉及面广，提请市联席会议认定。', '24-meeting');

  // 6. The city meeting: the city office schedules it, the district office escalates, the city convener decides.
  const city = await as(browser, 'city');
  const cityPath = await scheduleMeeting(city.page, ['市联席会议', '专题会议', '2026-12-28T10:00', `市联席会议专题会议（${tag}）`]);
  await office.page.goto(casePath);
  await untilAfterReload(office.page, () => expect(office.page.getByRole('button', { name: '提请市联席会议' })).toBeVisible({ timeout: 3_000 }));
  await caseAction(office.page, '提请市联席会议', async (dialog) => {
    // The city office's meetings are not in the district office's list: the district types the id the city gave it.
    await dialog.getByLabel('联席会议').fill(cityPath.split('/').pop()!);
    await dialog.getByLabel('提请研究事项').fill('提请认定是否构成非法集资');
  });
  await decideOn(city.page, cityPath, caseId, '作出性质认定', '认定为非法集资，移送公安机关依法查处。', '25-city-meeting', async (dialog) =>
    choose(city.page, '认定性质', '非法集资', dialog),
  );
  await city.done();

  // 7. Transfer to the police, who accept it.
  await office.page.goto(casePath);
  await untilAfterReload(office.page, () => expect(office.page.getByRole('button', { name: '移送公安' })).toBeVisible({ timeout: 3_000 }));
  await caseAction(office.page, '移送公安', async (dialog) => {
    await dialog.getByLabel('公安机关（单位代码）').fill('lc-police');
    await dialog.getByLabel('移送理由').fill('涉嫌非法吸收公众存款罪');
  });
  const police = await as(browser, 'police');
  await police.page.goto(casePath);
  await untilAfterReload(police.page, () => expect(police.page.getByRole('button', { name: '受理移送并立案' })).toBeVisible({ timeout: 3_000 }));
  await caseAction(police.page, '受理移送并立案', async (dialog) => {
    await dialog.getByLabel('立案日期').fill('2026-12-10');
    await dialog.getByLabel('公安立案编号').fill(`鲤公经立字〔2026〕${tag.slice(-4)}号`);
  });
  await police.done();

  // 8. The unit requests closure, the office approves: 销号.
  const unit2 = await as(browser, 'unit');
  await unit2.page.goto(casePath);
  await untilAfterReload(unit2.page, () => expect(unit2.page.getByRole('button', { name: '申请结案销号' })).toBeVisible({ timeout: 3_000 }));
  await caseAction(unit2.page, '申请结案销号', async (dialog) => {
    await dialog.getByLabel('结案情况').fill('主要涉案人员已被刑事立案，风险已得到控制，申请销号。');
  });
  await unit2.done();
  await office.page.goto(casePath);
  await untilAfterReload(office.page, () => expect(office.page.getByRole('button', { name: '批准结案销号' })).toBeVisible({ timeout: 3_000 }));
  await caseAction(office.page, '批准结案销号', async (dialog) => {
    await dialog.getByLabel('审批意见').fill('同意销号');
  });
  await untilAfterReload(office.page, () => expect(office.page.getByText('已销号').first()).toBeVisible({ timeout: 3_000 }));
  await shot(office.page, '26-case-closed-timeline');
  await office.page.getByRole('tab', { name: '期限计时' }).click();
  await shot(office.page, '27-case-clocks');

  // 9. The office's other screens after the story.
  for (const [menu, path, name] of [
    ['工作台', /\/$/, '28-workbench-office'],
    ['台账', /\/ledgers/, '29-ledgers'],
    ['统计报表', /\/statistics/, '30-statistics'],
    ['期限', /\/deadlines/, '31-deadlines'],
  ] as const) {
    await office.page.getByRole('menuitem', { name: menu }).click();
    await expect(office.page).toHaveURL(path);
    await expect(office.page.getByRole('main').getByRole('heading').first()).toBeVisible();
    await expect(office.page.getByText(/正在加载/)).toHaveCount(0, { timeout: 15_000 });
    // A table's spinner has no text: the screen as a person reads it is the one whose tables have their rows.
    await expect(office.page.getByRole('main').locator('.ant-spin-spinning')).toHaveCount(0, { timeout: 15_000 });
    await shot(office.page, name);
  }
  await office.done();

  const auditor = await as(browser, 'auditor');
  await auditor.page.getByRole('menuitem', { name: /审计/ }).click();
  await auditor.page.getByLabel('事件流').fill(`case-${caseId}`);
  await auditor.page.getByRole('button', { name: /查\s*询/ }).click();
  await expect(auditor.page.getByText('批准风险销号').first()).toBeVisible({ timeout: 15_000 });
  await shot(auditor.page, '32-audit');
  await auditor.done();
});

test('只用键盘登记线索：Tab 到各字段、输入、方向键选择、回车提交', async ({ browser }) => {
  await ensurePeople(browser, [PEOPLE.street]);
  const { page, done } = await as(browser, 'street');
  await page.goto('/leads/new');
  await expect(page.getByRole('heading', { name: '线索登记' })).toBeVisible();
  const title = `键盘登记：某投资咨询公司承诺保本高息（${Date.now()}）`;
  await page.getByLabel('标题').focus();
  await page.keyboard.type(title);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('线索内容')).toBeFocused();
  await page.keyboard.type('该公司以投资咨询名义向社会公众推销保本高息理财产品。');
  // 活动类别, 涉及领域 (searchable), 线索来源: open with the arrow key, type to narrow, Enter to take. As a person
  // would, each step waits until the list shows what the key asked for, and Tab waits until the list has closed.
  const select = async (label: string, keys: () => Promise<void>, chosen: RegExp) => {
    await page.keyboard.press('Tab');
    const box = page.getByLabel(label);
    await expect(box).toBeFocused();
    await keys();
    await expect(box).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('Enter');
    await expect(box).toHaveAttribute('aria-expanded', 'false');
    // The form item reads its label, then the option taken.
    await expect(page.locator('.ant-form-item').filter({ has: box })).toHaveText(new RegExp(`${label}.*${chosen.source}`));
  };
  await select('活动类别', () => page.keyboard.press('ArrowDown'), /\S/);
  await select(
    '涉及领域',
    async () => {
      await page.keyboard.type('养老');
      // Enter takes the active option: wait until the narrowed list has made 养老服务 active.
      await expect(page.locator('.ant-select-item-option-active', { hasText: /养老/ })).toBeVisible();
    },
    /养老/,
  );
  await select('线索来源', () => page.keyboard.press('ArrowDown'), /\S/);
  // On to 发生地点 (受理渠道 and 所在街道 are filled in for a street), then Enter sends the form.
  const location = page.getByLabel('发生地点');
  for (let i = 0; i < 8 && !(await location.evaluate((el) => el.matches(':focus'))); i++) await page.keyboard.press('Tab');
  await expect(location).toBeFocused();
  await page.keyboard.type('鲤城区海滨街道某路66号');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/leads\/(?!new$)[^/]+$/, { timeout: 15_000 });
  await expect(page.getByText(title).first()).toBeVisible();
  await done();
});
