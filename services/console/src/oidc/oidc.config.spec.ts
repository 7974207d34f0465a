/** OIDC_* settings: off without OIDC_ISSUER, every bad variable named at once, https unless loopback is allowed. */
import { join } from 'node:path';
import { ConfigError } from '@jm/platform';
import { AgencyRegistry } from '@jm/reference';
import { loadOidcConfig } from './oidc.config';

const ROOT = join(__dirname, '../../../..');
const registry = AgencyRegistry.fromFile(join(ROOT, 'config/agencies.json'));
const VALID = {
  OIDC_ISSUER: 'https://id.example.gov.cn/oidc',
  OIDC_CLIENT_ID: 'jm-console',
  OIDC_CLIENT_SECRET: 'a-client-secret-of-some-length',
  OIDC_REDIRECT_URI: 'https://jm.example.gov.cn/auth/oidc/callback',
  OIDC_CLAIM_MAPPING: join(ROOT, 'config/oidc-claims.example.json'),
  JWT_SECRET: 'x'.repeat(32),
};

const issues = (env: Record<string, string>): Record<string, string> => {
  try {
    loadOidcConfig(env, registry);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return Object.fromEntries((error as ConfigError).issues.map((i) => [i.variable, i.allowed]));
  }
  throw new Error('expected a ConfigError');
};

describe('loadOidcConfig', () => {
  it('is off without OIDC_ISSUER, and says so when other OIDC variables are set without it', () => {
    expect(loadOidcConfig({}, registry)).toBeUndefined();
    expect(loadOidcConfig({ OIDC_ISSUER: '' }, registry)).toBeUndefined();
    expect(Object.keys(issues({ OIDC_CLIENT_ID: 'x' }))).toEqual(['OIDC_ISSUER']);
  });

  it('reads a valid configuration with its defaults', () => {
    const config = loadOidcConfig(VALID, registry);
    expect(config).toMatchObject({ issuer: VALID.OIDC_ISSUER, clientId: 'jm-console', scopes: ['openid', 'profile'], secureCookies: true });
    expect(config?.label).toBeUndefined();
    expect(config?.stateKey).toHaveLength(32);
  });

  it('names every bad variable at once, never echoing a secret', () => {
    const error = issues({
      OIDC_ISSUER: 'http://id.example.gov.cn',
      OIDC_CLIENT_SECRET: 'short',
      OIDC_REDIRECT_URI: 'https://jm.example.gov.cn/elsewhere',
      OIDC_SCOPES: 'profile',
      OIDC_CLAIM_MAPPING: '/no/such/mapping.json',
    });
    expect(Object.keys(error).sort()).toEqual([
      'JWT_SECRET',
      'OIDC_CLAIM_MAPPING',
      'OIDC_CLIENT_ID',
      'OIDC_CLIENT_SECRET',
      'OIDC_ISSUER',
      'OIDC_REDIRECT_URI',
      'OIDC_SCOPES',
    ]);
    expect(() => loadOidcConfig({ ...VALID, OIDC_CLIENT_SECRET: 'short-secret' }, registry)).toThrow(
      'OIDC_CLIENT_SECRET: given "<hidden, 12 characters>"',
    );
  });

  it('takes an http issuer on loopback only with OIDC_ALLOW_INSECURE_LOOPBACK=true', () => {
    const loopback = { ...VALID, OIDC_ISSUER: 'http://127.0.0.1:4000', OIDC_REDIRECT_URI: 'http://127.0.0.1:3000/auth/oidc/callback' };
    expect(Object.keys(issues(loopback))).toEqual(['OIDC_ISSUER']);
    expect(loadOidcConfig({ ...loopback, OIDC_ALLOW_INSECURE_LOOPBACK: 'true' }, registry)?.secureCookies).toBe(false);
    expect(Object.keys(issues({ ...VALID, OIDC_ISSUER: 'http://10.0.0.1', OIDC_ALLOW_INSECURE_LOOPBACK: 'true' }))).toEqual(['OIDC_ISSUER']);
  });
});
