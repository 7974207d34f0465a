/**
 * Where webhooks may go: every kind of internal address refused, in IPv4 and
 * IPv6 and hidden in IPv6; names judged on every address they resolve to (the
 * system resolver for `localhost`); the allow-list exempting exactly the hosts
 * it names; and a send connecting to the pinned address, never resolving again.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NotificationRequestedData } from '@jm/contracts';
import { sendWebhook } from './senders';
import { forbiddenKind, TargetNotAllowedError, WebhookTargets } from './webhook-targets';

describe('forbiddenKind', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['100.64.0.1', 'shared (CGNAT)'],
    ['100.127.255.254', 'shared (CGNAT)'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['64:ff9b::a9fe:a9fe', 'link-local (inside IPv6)'],
    ['2002:7f00:1::1', 'loopback (inside IPv6)'],
  ])('%s is %s', (address, kind) => {
    expect(forbiddenKind(address)).toBe(kind);
  });

  it.each([
    '8.8.8.8',
    '172.32.0.1',
    '172.15.255.255',
    '100.128.0.1',
    '100.63.255.255',
    '11.0.0.1',
    '192.169.0.1',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('%s is public', (address) => {
    expect(forbiddenKind(address)).toBeUndefined();
  });
});

describe('WebhookTargets.checkUrl (when a choice is saved)', () => {
  const targets = new WebhookTargets();

  it.each([
    ['http://127.0.0.1:8080/hook', 'loopback'],
    ['http://localhost.:8080/', undefined],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://[fe80::1]/', 'link-local'],
    ['https://10.0.0.5/', 'private'],
    ['https://172.16.3.4/', 'private'],
    ['https://192.168.0.10/', 'private'],
    ['https://[fd00::5]/', 'private'],
    ['https://100.64.1.1/', 'shared (CGNAT)'],
    ['http://0.0.0.0:9000/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://[::ffff:a9fe:a9fe]/', 'link-local'],
    ['http://224.0.0.251/', 'multicast'],
    ['http://255.255.255.255/', 'broadcast'],
  ])('%s: %s', (url, kind) => {
    const problem = targets.checkUrl(url);
    if (kind === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(new RegExp(`is a ${kind.replace(/[()]/g, '\\$&')} address; webhooks go to public addresses only`));
  });

  it.each(['ftp://oa.example.gov.cn/', 'file:///etc/passwd', 'gopher://oa.example.gov.cn/', 'javascript:alert(1)', 'data:text/plain,x'])(
    '%s: not http(s)',
    (url) => {
      expect(targets.checkUrl(url)).toMatch(/is not allowed; use https:\/\//);
    },
  );

  it('accepts public addresses and names (a name is judged when sending)', () => {
    expect(targets.checkUrl('https://oa.lc-police.example.gov.cn/jm-hook')).toBeUndefined();
    expect(targets.checkUrl('https://8.8.8.8/hook')).toBeUndefined();
  });

  it('an allow-listed host is exempt, exactly as written and nothing else', () => {
    const allowing = new WebhookTargets(['127.0.0.1', '::1']);
    expect(allowing.checkUrl('http://127.0.0.1:9/hook')).toBeUndefined();
    expect(allowing.checkUrl('http://[::1]:9/hook')).toBeUndefined();
    expect(allowing.checkUrl('http://127.0.0.2:9/hook')).toMatch(/loopback/);
    expect(allowing.checkUrl('http://10.0.0.1/hook')).toMatch(/private/);
  });
});

describe('WebhookTargets.pin (when sending)', () => {
  it('refuses a name that resolves to loopback (localhost, by the system resolver) unless the name is allowed', async () => {
    await expect(new WebhookTargets().pin(new URL('http://localhost:9/hook'))).rejects.toThrow(TargetNotAllowedError);
    await expect(new WebhookTargets(['127.0.0.1']).pin(new URL('http://localhost:9/hook'))).rejects.toThrow(TargetNotAllowedError);
    expect((await new WebhookTargets(['localhost']).pin(new URL('http://localhost:9/hook'))).address).toMatch(/^(127\.0\.0\.1|::1)$/);
  });

  it('refuses a name when any of its addresses is internal, and records only a fixed reason', async () => {
    const targets = new WebhookTargets([], async () => [
      { address: '8.8.8.8', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ]);
    const refused = await targets.pin(new URL('https://oa.example.gov.cn/hook')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TargetNotAllowedError);
    expect((refused as TargetNotAllowedError).message).toBe('target address not allowed');
    expect((refused as TargetNotAllowedError).detail).toBe('oa.example.gov.cn resolves to 10.0.0.7, a private address');
  });

  it('refuses literal internal addresses and other schemes, and pins a public name to the address it checked', async () => {
    const targets = new WebhookTargets([], async () => [{ address: '8.8.4.4', family: 4 }]);
    await expect(targets.pin(new URL('http://[::ffff:169.254.169.254]/'))).rejects.toThrow(TargetNotAllowedError);
    await expect(targets.pin(new URL('ftp://8.8.8.8/'))).rejects.toThrow(TargetNotAllowedError);
    expect(await targets.pin(new URL('https://oa.example.gov.cn/hook'))).toEqual({ address: '8.8.4.4', family: 4 });
  });
});

describe('sendWebhook connects to the pinned address', () => {
  const request: NotificationRequestedData = {
    messageId: 'm-pin',
    recipient: { agency: 'lc-police' },
    template: 'deadline_missed',
    params: {
      policyId: 'police-response',
      subjectKind: 'case',
      subjectId: 'C1',
      unit: 'lc-police',
      unitName: { 'zh-CN': '泉州市公安局鲤城分局', en: 'Licheng police' },
      dueAt: '2026-03-02T01:00:00.000Z',
    },
    locale: 'zh-CN',
    targets: [],
    source: { eventId: 'e-1', eventType: 'DeadlineMissed', streamId: 'deadline-k1' },
    requestedAt: '2026-03-02T01:00:00.000Z',
  };

  it('a name the system cannot resolve (.invalid) reaches the receiver at the checked address: the request never asks DNS again', async () => {
    const hosts: string[] = [];
    const server = createServer((req, res) => {
      hosts.push(String(req.headers.host));
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const resolved: string[] = [];
      const targets = new WebhookTargets(['jm-hook.invalid'], async (host) => {
        resolved.push(host);
        return [{ address: '127.0.0.1', family: 4 }];
      });
      const answer = await sendWebhook(
        { url: `http://jm-hook.invalid:${port}/hook`, secret: 's'.repeat(32) },
        { request, attempt: 1, now: new Date() },
        targets,
      );
      expect(answer).toBe('HTTP 204');
      expect(resolved).toEqual(['jm-hook.invalid']);
      expect(hosts).toEqual([`jm-hook.invalid:${port}`]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
