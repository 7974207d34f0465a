/**
 * Auditors see the console's events: reporting, on the same embedded store, shows an account's sign-in, a failed
 * sign-in and an account change in readable Chinese, within the auditor's jurisdiction; failed sign-ins under
 * unknown names are platform-wide (the top office's auditors).
 */
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { toAccountStreamId, toSignInLogStreamId } from '@jm/contracts';
import { createServiceApp } from '@jm/platform';
import { bearer } from '@jm/platform/testing';
import { uniqueName } from '@jm/testing';
import { ReportingModule } from '../../services/reporting/src/reporting.module';
import { REPORTING_READ_MODEL } from '../../services/reporting/src/reporting.read-model';
import { ConsoleUnderTest, firstAdmins, removeDir, signIn, signInChanged, startConsole, STRONG } from './support';

jest.setTimeout(90_000);

let c: ConsoleUnderTest;
let reporting: INestApplication;

beforeAll(async () => {
  c = await startConsole();
  const created = await createServiceApp('reporting', ReportingModule, {
    env: {
      ...c.env,
      INSTANCE_ID: uniqueName('reporting'),
      READ_MODEL_SQLITE_PATH: join(c.dir, 'reporting-read.sqlite'),
      AUDIT_ANCHOR_INTERVAL_MINUTES: '0',
    },
    readModel: REPORTING_READ_MODEL,
  });
  reporting = created.app;
  await reporting.init();
});

afterAll(async () => {
  await reporting?.close();
  await c?.close();
  if (c) removeDir(c.dir);
});

interface Entry {
  type: string;
  typeLabel: string;
  description: string;
}

async function timeline(stream: string, agency: string): Promise<request.Response> {
  return request(reporting.getHttpServer())
    .get('/audit/timeline')
    .query({ stream, pageSize: 100 })
    .set(bearer(agency, ['auditor']))
    .set('X-Access-Purpose', 'account audit');
}

it("shows an account's creation, role change, failed sign-in and sign-in to the auditors of its region, in Chinese", async () => {
  const admin = await signInChanged(c.http, 'fj-office-admin', firstAdmins(c.printed)['fj-office-admin']);
  const created = await admin.post('/admin/accounts', { agency: 'lc-office', username: 'wang.wu', displayName: '王五', roles: ['office_officer'] });
  const id = created.body.account.id as string;
  await admin.put(`/admin/accounts/${id}/roles`, { roles: ['office_officer', 'auditor'] });
  expect((await signIn(c.http, 'wang.wu', 'Wrong-Password-1')).res.status).toBe(401);
  await signInChanged(c.http, 'wang.wu', created.body.oneTimePassword);

  const res = await timeline(toAccountStreamId(id), 'lc-office');
  expect(res.status).toBe(200);
  const entries = res.body.items as Entry[];
  expect(entries.map((e) => e.type)).toEqual([
    'AccountCreated',
    'OneTimePasswordIssued',
    'AccountRolesChanged',
    'SignInFailed',
    'SignedIn',
    'PasswordChanged',
  ]);
  const text = entries.map((e) => `${e.typeLabel}：${e.description}`).join('\n');
  expect(text).toContain('创建账号：福建省打击非法金融活动联席会议办公室');
  expect(text).toContain('为 鲤城区打击非法金融活动联席会议办公室 创建账号 wang.wu（王五），角色：联席办工作人员');
  expect(text).toContain('角色由 联席办工作人员 调整为 联席办工作人员、审计人员');
  expect(text).toContain(`登录失败：账号 ${id} 登录失败（密码错误`);
  expect(text).toContain(`登录：账号 ${id} 登录（密码`);
  expect(text).not.toMatch(/Wrong-Password|scrypt|Correct-Horse/);
  expect(text).not.toContain(STRONG);

  // Another district's auditors do not see it.
  expect((await timeline(toAccountStreamId(id), 'fz-office')).status).toBe(404);
});

it('shows failed sign-ins under unknown names to the top office auditors', async () => {
  await signIn(c.http, 'nobody.here', 'Some-Password-1');
  const res = await timeline(toSignInLogStreamId(c.clock.now().toISOString()), 'fj-office');
  expect(res.status).toBe(200);
  expect((res.body.items as Entry[]).map((e) => `${e.typeLabel}：${e.description}`)).toContainEqual(
    expect.stringMatching(/^未知账号登录失败：以不存在的账号名 nobody\.here登录失败（来自 .+）。$/),
  );
});
