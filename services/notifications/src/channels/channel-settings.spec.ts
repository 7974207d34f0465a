/** The channels file and every choice: all problems named at once, secrets only by variable name, the shipped file valid. */
import { resolve } from 'node:path';
import { AgencyRegistry } from '@jm/reference';
import { ChannelDefaults, ChannelSettingsError, checkChoice, currentChoice, webhookSecretOf } from './channel-settings';
import { WebhookTargets } from './delivery/webhook-targets';

const registry = AgencyRegistry.fromFile(resolve(__dirname, '../../../../config/agencies.json'));
const env = {
  JM_WEBHOOK_SECRET_HOOK: 'x'.repeat(32),
  JM_WEBHOOK_SECRET_SHORT: 'short',
  JWT_SECRET: 'j'.repeat(48),
  KEY_ENCRYPTION_KEY: 'k'.repeat(64),
  PATH: '/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin',
};
const rules = { env, targets: new WebhookTargets() };

describe('channel settings', () => {
  it('the shipped config/notification-channels.json is valid', () => {
    const defaults = ChannelDefaults.fromFile(resolve(__dirname, '../../../../config/notification-channels.json'), registry, {
      env: {},
      targets: new WebhookTargets(),
    });
    expect(defaults.of('lc-office').emails).toEqual(['lc-office@jm.local']);
    expect(defaults.of('lc-police')).toEqual({ emails: [], webhooks: [], locale: 'zh-CN' });
  });

  it('names every problem of a file at once', () => {
    const parse = () =>
      ChannelDefaults.parse(
        {
          defaultLocale: 'fr',
          agencies: {
            'no-such-unit': { emails: [] },
            'lc-police': {
              emails: ['duty@police', 'ok@lc.example.cn'],
              webhooks: [{ id: 'OA', url: 'ftp://x.example', secretEnv: 'JM_WEBHOOK_SECRET_SHORT' }],
              locale: 'de',
              mail: [],
            },
          },
        },
        registry,
        rules,
        'test.json',
      );
    expect(parse).toThrow(ChannelSettingsError);
    let message = '';
    try {
      parse();
    } catch (error) {
      message = (error as Error).message;
    }
    for (const part of [
      'defaultLocale: one of zh-CN, en',
      'agencies.no-such-unit: not an agency of the registry',
      'agencies.lc-police.emails[0]: "duty@police" is not an email address',
      'agencies.lc-police.webhooks[0].id: lowercase letters',
      'agencies.lc-police.webhooks[0].url: ftp: is not allowed',
      'agencies.lc-police.webhooks[0].secretEnv: JM_WEBHOOK_SECRET_SHORT is not set',
      'agencies.lc-police.locale: one of zh-CN, en',
      'agencies.lc-police.mail: not a setting',
    ]) {
      expect(message).toContain(part);
    }
  });

  it('accepts a webhook whose secret variable is set, and never asks for the secret itself', () => {
    expect(
      checkChoice({ webhooks: [{ id: 'oa', url: 'https://oa.example.gov.cn/hook', secretEnv: 'JM_WEBHOOK_SECRET_HOOK' }], locale: 'en' }, rules),
    ).toEqual([]);
    expect(
      checkChoice({ webhooks: [{ id: 'oa', url: 'https://user:pw@oa.example.gov.cn/hook', secretEnv: 'hook-secret' }] }, rules).map((p) => p.field),
    ).toEqual(['webhooks[0].url', 'webhooks[0].secretEnv']);
    expect(checkChoice({ emails: ['a@b.example', 'A@b.example'] }, rules)).toEqual([{ field: 'emails[1]', message: 'A@b.example is listed twice' }]);
  });

  it('a webhook secret is only ever read from a JM_WEBHOOK_SECRET_… variable, in a choice and in the file', () => {
    for (const name of ['JWT_SECRET', 'KEY_ENCRYPTION_KEY', 'PATH', 'JM_WEBHOOK_SECRET_', 'JM_WEBHOOK_SECRETS', 'jm_webhook_secret_hook']) {
      const problems = checkChoice({ webhooks: [{ id: 'oa', url: 'https://oa.example.gov.cn/hook', secretEnv: name }] }, rules);
      expect(problems).toEqual([{ field: 'webhooks[0].secretEnv', message: expect.stringContaining('starting with JM_WEBHOOK_SECRET_') }]);
    }
    const file = () =>
      ChannelDefaults.parse(
        { agencies: { 'lc-police': { webhooks: [{ id: 'oa', url: 'https://oa.example.gov.cn/hook', secretEnv: 'JWT_SECRET' }] } } },
        registry,
        rules,
        'test.json',
      );
    expect(file).toThrow(/agencies\.lc-police\.webhooks\[0\]\.secretEnv: .*starting with JM_WEBHOOK_SECRET_/);
    expect(webhookSecretOf(env, 'JM_WEBHOOK_SECRET_HOOK')).toBe('x'.repeat(32));
    expect(webhookSecretOf(env, 'JWT_SECRET')).toBeUndefined();
    expect(webhookSecretOf(env, 'PATH')).toBeUndefined();
  });

  it("an agency's own choice overrides the file", () => {
    const defaults = ChannelDefaults.parse({ agencies: { 'lc-police': { emails: ['duty@lc-police.example.cn'] } } }, registry, rules);
    expect(currentChoice(defaults, 'lc-police', undefined)).toEqual({
      emails: ['duty@lc-police.example.cn'],
      webhooks: [],
      locale: 'zh-CN',
      source: 'file',
    });
    const chosen = {
      agency: 'lc-police',
      emails: [],
      webhooks: [],
      locale: 'en' as const,
      by: { agency: 'lc-police', user: 'u' },
      at: '2026-03-02T01:00:00.000Z',
    };
    expect(currentChoice(defaults, 'lc-police', chosen)).toEqual({ emails: [], webhooks: [], locale: 'en', source: 'agency' });
  });
});
