import { ConfigError } from '@jm/platform';
import { TEST_JWT_SECRET } from '@jm/platform/testing';
import { loadGatewayConfig } from './gateway.config';

describe('loadGatewayConfig', () => {
  it('given only the secret, then the four services on their default local ports', () => {
    const config = loadGatewayConfig({ JWT_SECRET: TEST_JWT_SECRET });
    expect(Object.fromEntries(Object.entries(config.upstreams).map(([name, url]) => [name, url.origin]))).toEqual({
      intake: 'http://127.0.0.1:3001',
      cases: 'http://127.0.0.1:3002',
      notifications: 'http://127.0.0.1:3003',
      reporting: 'http://127.0.0.1:3004',
    });
    expect(config.tokenTtlSeconds).toBeLessThanOrEqual(300);
  });

  it('given URLs from the environment, then those; a bad one or a short secret is named, the secret never shown', () => {
    expect(loadGatewayConfig({ JWT_SECRET: TEST_JWT_SECRET, CONSOLE_CASES_URL: 'https://cases.internal/base' }).upstreams.cases.href).toBe(
      'https://cases.internal/base',
    );
    let error: unknown;
    try {
      loadGatewayConfig({ JWT_SECRET: 'short-secret', CONSOLE_INTAKE_URL: 'ftp://x', CONSOLE_REPORTING_URL: 'http://u:p@h/' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.variable)).toEqual(['CONSOLE_INTAKE_URL', 'CONSOLE_REPORTING_URL', 'JWT_SECRET']);
    expect((error as Error).message).not.toContain('short-secret');
    expect((error as Error).message).not.toContain('u:p');
  });
});
