/**
 * The console in a deployment of a federation (DEPLOYMENT, docs/console.md "The console in a federation"): first
 * start creates the admin of the deployment's own office only, and an admin lists, creates and changes accounts of
 * the agencies its deployment serves only; an account of an agency another deployment serves is "not found", as
 * any account out of an admin's reach. On the embedded store with the Kafka bus (a deployment talks over Kafka).
 */
import { testKafkaBrokers, uniqueName } from '@jm/testing';
import { Client, ConsoleUnderTest, firstAdmins, removeDir, signIn, signInChanged, startConsole, STRONG } from './support';

jest.setTimeout(120_000);

const kafka = (deployment?: string): Record<string, string> => ({
  BUS: 'kafka',
  KAFKA_BROKERS: testKafkaBrokers().join(','),
  KAFKA_TOPIC_PREFIX: `${uniqueName('fedconsole').toLowerCase()}.`,
  ...(deployment ? { DEPLOYMENT: deployment } : {}),
});

const codesOf = (body: Array<{ code: string }>) => body.map((a) => a.code);

/** POST /admin/accounts as `admin` (the display name is the username). */
const createAccount = (admin: Client, agency: string, username: string, roles: string[]) =>
  admin.post('/admin/accounts', { agency, username, displayName: username, roles });

describe('DEPLOYMENT=fz, first start', () => {
  let c: ConsoleUnderTest;
  let admin: Client;

  beforeAll(async () => {
    c = await startConsole(kafka('fz'));
    admin = await signInChanged(c.http, 'fz-office-admin', firstAdmins(c.printed)['fz-office-admin']);
  });
  afterAll(async () => {
    await c?.close();
    if (c) removeDir(c.dir);
  });

  it("creates the admin of fz's office only, none of the province, the city or another district", () => {
    expect(Object.keys(firstAdmins(c.printed))).toEqual(['fz-office-admin']);
    expect(c.printed).toContain('首次启动：已为「丰泽区打击非法金融活动联席会议办公室」创建管理员账号 fz-office-admin');
  });

  it("fz's admin manages fz's agencies: creates an account for one, 404 for an agency of lc or of the city", async () => {
    const agencies = codesOf((await admin.get('/admin/agencies')).body);
    expect(agencies).toEqual(expect.arrayContaining(['fz-office', 'fz-police', 'fz-st-donghai']));
    expect(agencies.filter((code) => !code.startsWith('fz-'))).toEqual([]);
    const created = await createAccount(admin, 'fz-office', 'fz.officer', ['office_officer']);
    expect(created.status).toBe(201);
    for (const agency of ['lc-office', 'qz-office']) {
      const refused = await createAccount(admin, agency, `x.${agency}`, ['office_officer']);
      expect(refused.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
    expect((await admin.get('/admin/accounts?agency=lc-office')).body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});

describe('DEPLOYMENT=qz on a store that already holds accounts of other deployments', () => {
  let c: ConsoleUnderTest;
  let city: Client;
  let province: Client;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    // Accounts of lc and qz made by a console without DEPLOYMENT (every agency served), then the same store
    // under DEPLOYMENT=qz: the accounts are there, the city's admin manages only qz's.
    const alone = await startConsole(kafka());
    const fj = await signInChanged(alone.http, 'fj-office-admin', firstAdmins(alone.printed)['fj-office-admin']);
    const make = async (agency: string, username: string, roles: string[]): Promise<string> => {
      const res = await createAccount(fj, agency, username, roles);
      if (res.status !== 201) throw new Error(`create ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      ids[username] = res.body.account.id;
      return res.body.oneTimePassword as string;
    };
    const cityPassword = await make('qz-office', 'qz.admin', ['admin']);
    await make('lc-office', 'lc.officer', ['office_officer']);
    await make('qz-pbc', 'qz.pbc', ['unit_officer']);
    await alone.close();

    c = await startConsole({ ...alone.env, ...kafka('qz') }, alone.dir);
    city = await signInChanged(c.http, 'qz.admin', cityPassword);
    province = (await signIn(c.http, 'fj-office-admin', STRONG)).client;
  });
  afterAll(async () => {
    await c?.close();
    if (c) removeDir(c.dir);
  });

  it('first start creates nothing on a store that holds accounts', () => {
    expect(c.printed).toBe('');
  });

  it("the city's admin creates an account for a qz agency, and gets 404 for an lc agency, which the lc deployment serves", async () => {
    expect(codesOf((await city.get('/admin/agencies')).body)).toEqual(expect.arrayContaining(['qz-office', 'qz-police', 'qz-pbc']));
    expect(codesOf((await city.get('/admin/agencies')).body)).not.toContain('lc-office');
    const created = await createAccount(city, 'qz-police', 'qz.police', ['unit_officer']);
    expect(created.status).toBe(201);
    const refused = await createAccount(city, 'lc-office', 'lc.other', ['office_officer']);
    expect(refused.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    // Nothing was created: the name is still free for an account of qz.
    expect((await createAccount(city, 'qz-office', 'lc.other', ['analyst'])).status).toBe(201);
  });

  it("lists only the accounts of qz's agencies, and an lc account is 404 to every change", async () => {
    const listed = (await city.get('/admin/accounts?pageSize=200')).body.items.map((a: { username: string }) => a.username);
    expect(listed).toEqual(expect.arrayContaining(['qz.admin', 'qz.pbc']));
    expect(listed).not.toContain('lc.officer');
    const lc = ids['lc.officer'];
    for (const res of [
      await city.post(`/admin/accounts/${lc}/disable`, { reason: '测试' }),
      await city.post(`/admin/accounts/${lc}/reset-password`),
      await city.put(`/admin/accounts/${lc}/roles`, { roles: ['analyst'] }),
      await city.get(`/admin/accounts/${lc}/sessions`),
    ])
      expect(res.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect((await city.post(`/admin/accounts/${ids['qz.pbc']}/disable`, { reason: '调离' })).body.status).toBe('disabled');
  });

  it("the province's admin, whose office the fj deployment serves, manages nothing in qz's console", async () => {
    expect((await province.get('/admin/agencies')).body).toEqual([]);
    expect((await province.get('/admin/accounts')).body).toMatchObject({ items: [], total: 0 });
    const refused = await createAccount(province, 'qz-office', 'fj.try', ['analyst']);
    expect(refused.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});
