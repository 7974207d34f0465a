import { ConfigError } from './config-error';
import { CONFIG_VARIABLES, ConfigVariable, EnvironmentVariables } from './environment-variables';
import { loadConfig, redactSecret, requiredVariables } from './service-config';
import { TEST_SECURITY_ENV as SECURITY } from '../testing/auth';

// Compile-time check: every property of EnvironmentVariables is listed in CONFIG_VARIABLES.
type AssertNever<T extends never> = T;
export type AllVariablesListed = AssertNever<Exclude<keyof EnvironmentVariables, ConfigVariable>>;

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('given an empty environment, when loaded, then the embedded defaults apply', () => {
    const config = loadConfig('cases', { ...SECURITY });
    expect(config).toMatchObject({
      service: 'cases',
      host: '127.0.0.1',
      port: 3002,
      logLevel: 'info',
      eventStore: { kind: 'sqlite', path: '.data/events.sqlite' },
      bus: { kind: 'embedded' },
      readModel: { kind: 'sqlite', path: '.data/cases-read.sqlite' },
      shutdownTimeoutMs: 10000,
    });
    expect(config.instanceId).toMatch(new RegExp(`-${process.pid}$`));
  });

  it.each([
    ['intake', 3001],
    ['cases', 3002],
    ['notifications', 3003],
    ['reporting', 3004],
  ] as const)('given no PORT, when %s is loaded, then it listens on %i', (service, port) => {
    expect(loadConfig(service, { ...SECURITY }).port).toBe(port);
  });

  it('given the distributed mode, when loaded, then postgres and kafka settings are typed', () => {
    const config = loadConfig('reporting', {
      ...SECURITY,
      EVENT_STORE: 'postgres',
      PG_URL: 'postgres://jm:pw@db:5432/jm',
      PG_SCHEMA: 'events',
      BUS: 'kafka',
      KAFKA_BROKERS: 'k1:9092, k2:9092',
      READ_MODEL_DB: 'postgres',
      READ_MODEL_PG_URL: 'postgresql://jm:pw@db:5432/reporting',
      PORT: '0',
      SHUTDOWN_TIMEOUT_MS: '2500',
      INSTANCE_ID: 'reporting-1',
    });
    expect(config).toMatchObject({
      port: 0,
      eventStore: { kind: 'postgres', url: 'postgres://jm:pw@db:5432/jm', schema: 'events' },
      bus: { kind: 'kafka', brokers: ['k1:9092', 'k2:9092'], clientId: 'jm-reporting' },
      readModel: { kind: 'postgres', url: 'postgresql://jm:pw@db:5432/reporting' },
      shutdownTimeoutMs: 2500,
      instanceId: 'reporting-1',
    });
  });

  it('given an empty string, when loaded, then it counts as not set', () => {
    expect(loadConfig('intake', { ...SECURITY, PORT: '', LOG_LEVEL: '' })).toMatchObject({ port: 3001, logLevel: 'info' });
  });

  it('given an unknown event store, when loaded, then the error names it, what was given and what is allowed', () => {
    const error = configErrorOf(() => loadConfig('intake', { ...SECURITY, EVENT_STORE: 'oracle' }));
    expect(error.issues).toEqual([{ variable: 'EVENT_STORE', given: 'oracle', allowed: 'one of sqlite, postgres' }]);
    expect(error.message).toContain('Invalid configuration for service "intake"');
    expect(error.message).toContain('EVENT_STORE: given "oracle"; allowed: one of sqlite, postgres');
  });

  it('given several bad variables, when loaded, then every one is named in one error', () => {
    const error = configErrorOf(() =>
      loadConfig('cases', {
        ...SECURITY,
        HOST: 'not a host',
        PORT: '70000',
        LOG_LEVEL: 'verbose',
        BUS: 'rabbit',
        READ_MODEL_DB: 'mysql',
        SHUTDOWN_TIMEOUT_MS: 'soon',
        INSTANCE_ID: 'has spaces',
      }),
    );
    expect(error.issues.map((issue) => issue.variable)).toEqual([
      'HOST',
      'PORT',
      'LOG_LEVEL',
      'BUS',
      'READ_MODEL_DB',
      'SHUTDOWN_TIMEOUT_MS',
      'INSTANCE_ID',
    ]);
    expect(error.issues.find((issue) => issue.variable === 'PORT')).toEqual({
      variable: 'PORT',
      given: '70000',
      allowed: 'an integer from 0 to 65535 (0 picks a free port)',
    });
    expect(error.issues.find((issue) => issue.variable === 'LOG_LEVEL')?.allowed).toBe('one of fatal, error, warn, info, debug, trace, silent');
    for (const variable of ['HOST', 'PORT', 'LOG_LEVEL', 'BUS', 'READ_MODEL_DB', 'SHUTDOWN_TIMEOUT_MS', 'INSTANCE_ID']) {
      expect(error.message).toContain(`  - ${variable}: given `);
    }
  });

  it('given postgres and kafka without their connection settings, when loaded, then each missing variable is named as not set', () => {
    const error = configErrorOf(() => loadConfig('notifications', { ...SECURITY, EVENT_STORE: 'postgres', BUS: 'kafka', READ_MODEL_DB: 'postgres' }));
    expect(error.issues.map((issue) => [issue.variable, issue.given])).toEqual([
      ['PG_URL', undefined],
      ['KAFKA_BROKERS', undefined],
      ['READ_MODEL_PG_URL', undefined],
    ]);
    expect(error.message).toContain('  - PG_URL: not set; allowed: a postgres:// or postgresql:// URL');
  });

  it('given malformed brokers and schema, when loaded, then both are named', () => {
    const error = configErrorOf(() =>
      loadConfig('intake', {
        ...SECURITY,
        EVENT_STORE: 'postgres',
        PG_URL: 'postgres://db/jm',
        PG_SCHEMA: 'Bad-Schema',
        BUS: 'kafka',
        KAFKA_BROKERS: 'kafka',
      }),
    );
    expect(error.issues.map((issue) => issue.variable)).toEqual(['PG_SCHEMA', 'KAFKA_BROKERS']);
  });

  it('given a deployment and SCRAM credentials, when loaded, then they are typed; without Kafka or with half the credentials each is named', () => {
    const config = loadConfig('cases', {
      ...SECURITY,
      BUS: 'kafka',
      KAFKA_BROKERS: '127.0.0.1:59094',
      DEPLOYMENT: 'lc',
      KAFKA_SASL_USERNAME: 'jm-lc',
      KAFKA_SASL_PASSWORD: 'a-long-password-1',
    });
    expect(config.federation).toEqual({ deployment: 'lc', deploymentsPath: 'config/deployments.json' });
    expect(config.bus).toMatchObject({ sasl: { mechanism: 'scram-sha-512', username: 'jm-lc', password: 'a-long-password-1' } });
    expect(loadConfig('cases', { ...SECURITY }).federation).toEqual({ deploymentsPath: 'config/deployments.json' });
    const error = configErrorOf(() => loadConfig('cases', { ...SECURITY, DEPLOYMENT: 'lc', KAFKA_SASL_PASSWORD: 'short' }));
    expect(error.issues.map((i) => i.variable).sort()).toEqual(['DEPLOYMENT', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_USERNAME']);
    expect(error.message).not.toContain('short');
    expect(configErrorOf(() => loadConfig('cases', { ...SECURITY, BUS: 'kafka', KAFKA_BROKERS: 'k:1', DEPLOYMENT: 'LC' })).issues[0].variable).toBe(
      'DEPLOYMENT',
    );
  });

  it('given a bad secret, when reported, then its password is not echoed', () => {
    const error = configErrorOf(() => loadConfig('intake', { ...SECURITY, EVENT_STORE: 'postgres', PG_URL: 'mysql://jm:s3cret@db/jm' }));
    expect(error.issues).toEqual([expect.objectContaining({ variable: 'PG_URL', given: 'mysql://jm:***@db/jm' })]);
    expect(error.message).not.toContain('s3cret');
    expect(redactSecret('not a url s3cret')).toBe('<hidden, 16 characters>');
  });

  it('given sqlite, when postgres settings are absent, then they are not required', () => {
    expect(() => loadConfig('intake', { ...SECURITY, EVENT_STORE: 'sqlite', READ_MODEL_DB: 'sqlite' })).not.toThrow();
  });
});

describe('security settings', () => {
  it('given no JWT_SECRET, when loaded, then it refuses: there is no default secret', () => {
    const error = configErrorOf(() => loadConfig('cases', {}));
    expect(error.issues).toEqual([expect.objectContaining({ variable: 'JWT_SECRET', given: undefined })]);
  });

  it('given a short JWT_SECRET, then it is refused without echoing it', () => {
    const error = configErrorOf(() => loadConfig('cases', { JWT_SECRET: 'short' }));
    expect(error.issues[0]).toMatchObject({ variable: 'JWT_SECRET', given: '<hidden, 5 characters>' });
    expect(error.message).not.toContain('short"');
  });

  it('given intake without KEY_ENCRYPTION_KEY, then intake refuses to start while cases does not need it', () => {
    const error = configErrorOf(() => loadConfig('intake', { JWT_SECRET: SECURITY.JWT_SECRET }));
    expect(error.issues).toEqual([{ variable: 'KEY_ENCRYPTION_KEY', given: undefined, allowed: 'required by the intake service' }]);
    expect(loadConfig('cases', { JWT_SECRET: SECURITY.JWT_SECRET }).security.keyEncryptionKey).toBeUndefined();
  });

  it('given the console, then it listens on 3000 with the sign-in defaults, needs KEY_ENCRYPTION_KEY and refuses bad CONSOLE_ values', () => {
    const config = loadConfig('console', { ...SECURITY });
    expect(config.port).toBe(3000);
    expect(config.domain.console).toEqual({
      lockoutThreshold: 5,
      lockoutMinutes: 15,
      signInPerMinute: 30,
      sessionIdleMinutes: 30,
      sessionMaxHours: 12,
      secureCookies: false,
      trustProxy: false,
    });
    expect(loadConfig('console', { ...SECURITY, CONSOLE_SECURE_COOKIES: 'true', CONSOLE_TRUST_PROXY: 'true' }).domain.console).toMatchObject({
      secureCookies: true,
      trustProxy: true,
    });
    const missing = configErrorOf(() => loadConfig('console', { JWT_SECRET: SECURITY.JWT_SECRET }));
    expect(missing.issues).toEqual([{ variable: 'KEY_ENCRYPTION_KEY', given: undefined, allowed: 'required by the console service' }]);
    const bad = configErrorOf(() => loadConfig('console', { ...SECURITY, CONSOLE_LOCKOUT_THRESHOLD: '2', CONSOLE_SECURE_COOKIES: 'yes' }));
    expect(bad.issues.map((issue) => issue.variable)).toEqual(['CONSOLE_LOCKOUT_THRESHOLD', 'CONSOLE_SECURE_COOKIES']);
  });

  it('given a KEY_ENCRYPTION_KEY that is not 64 hex characters, then it is refused', () => {
    const error = configErrorOf(() => loadConfig('intake', { ...SECURITY, KEY_ENCRYPTION_KEY: 'xyz' }));
    expect(error.issues).toEqual([expect.objectContaining({ variable: 'KEY_ENCRYPTION_KEY', given: '<hidden, 3 characters>' })]);
  });

  it('given valid secrets, then they are typed: the KEK as 32 bytes', () => {
    const config = loadConfig('intake', { ...SECURITY });
    expect(config.security.jwtSecret).toBe(SECURITY.JWT_SECRET);
    expect(config.security.keyEncryptionKey).toHaveLength(32);
    expect(config.security.agencyRegistryPath).toBe('config/agencies.json');
    expect(config.security).toMatchObject({ jwtPreviousSecrets: [], previousKeyEncryptionKeys: [] });
  });

  it('given secrets kept during a rotation, then they are listed; malformed ones are refused without echoing them', () => {
    const oldJwt = 'an-old-jwt-secret-long-enough-0123456789';
    const oldKeks = ['ab'.repeat(32), 'cd'.repeat(32)];
    const config = loadConfig('intake', { ...SECURITY, JWT_PREVIOUS_SECRETS: oldJwt, KEY_ENCRYPTION_KEY_PREVIOUS: oldKeks.join(',') });
    expect(config.security.jwtPreviousSecrets).toEqual([oldJwt]);
    expect(config.security.previousKeyEncryptionKeys.map((kek) => kek.toString('hex'))).toEqual(oldKeks);
    const bad = configErrorOf(() =>
      loadConfig('intake', { ...SECURITY, JWT_PREVIOUS_SECRETS: `${oldJwt},short-one`, KEY_ENCRYPTION_KEY_PREVIOUS: `${oldKeks[0]},xyz` }),
    );
    expect(bad.issues).toEqual([
      expect.objectContaining({ variable: 'JWT_PREVIOUS_SECRETS', given: `<hidden, ${oldJwt.length + 10} characters>` }),
      expect.objectContaining({ variable: 'KEY_ENCRYPTION_KEY_PREVIOUS', given: '<hidden, 68 characters>' }),
    ]);
    expect(bad.message).not.toContain(oldJwt);
    expect(bad.message).not.toContain(oldKeks[0]);
    const alone = configErrorOf(() => loadConfig('cases', { JWT_SECRET: SECURITY.JWT_SECRET, KEY_ENCRYPTION_KEY_PREVIOUS: oldKeks[0] }));
    expect(alone.issues).toEqual([expect.objectContaining({ variable: 'KEY_ENCRYPTION_KEY', given: undefined })]);
  });
});

describe('requiredVariables', () => {
  it('given the embedded mode, then only the secrets are required (they never have defaults)', () => {
    expect(requiredVariables('cases', {})).toEqual(['JWT_SECRET']);
    expect(requiredVariables('intake', {})).toEqual(['JWT_SECRET', 'KEY_ENCRYPTION_KEY']);
  });

  it('given the distributed mode, then the connection settings are required', () => {
    expect(requiredVariables('cases', { EVENT_STORE: 'postgres', BUS: 'kafka', READ_MODEL_DB: 'postgres' })).toEqual([
      'PG_URL',
      'KAFKA_BROKERS',
      'READ_MODEL_PG_URL',
      'JWT_SECRET',
    ]);
  });

  it('given a complete environment, then it still names what the mode requires', () => {
    expect(requiredVariables('cases', { EVENT_STORE: 'postgres', PG_URL: 'postgres://db/jm', BUS: 'embedded' })).toEqual(['PG_URL', 'JWT_SECRET']);
  });

  it('given a bad mode variable, then it refuses to guess', () => {
    expect(() => requiredVariables('cases', { BUS: 'rabbit' })).toThrow(ConfigError);
  });
});

describe('WEBHOOK_ALLOWED_HOSTS', () => {
  it('is empty by default: no webhook host is exempt from the internal-address check', () => {
    expect(loadConfig('notifications', { ...SECURITY }).domain.webhookAllowedHosts).toEqual([]);
  });

  it('is typed as canonical hosts, as webhook URLs write them', () => {
    const config = loadConfig('notifications', {
      ...SECURITY,
      WEBHOOK_ALLOWED_HOSTS: ' 127.0.0.1, Hooks.Example.gov.cn.,[::1],0:0:0:0:0:ffff:7f00:1 ',
    });
    expect(config.domain.webhookAllowedHosts).toEqual(['127.0.0.1', 'hooks.example.gov.cn', '::1', '::ffff:7f00:1']);
  });

  it.each(['http://127.0.0.1', 'hooks.example.gov.cn:8443', '10.0.0.0/8', 'under_score.example', '*.example.gov.cn'])(
    'refuses %s at boot, naming the variable and what is allowed',
    (given) => {
      const error = configErrorOf(() => loadConfig('notifications', { ...SECURITY, WEBHOOK_ALLOWED_HOSTS: given }));
      expect(error.issues).toEqual([
        { variable: 'WEBHOOK_ALLOWED_HOSTS', given, allowed: expect.stringContaining('comma-separated list of host names and IP addresses') },
      ]);
    },
  );
});

describe('CONFIG_VARIABLES', () => {
  it('lists each variable once', () => {
    expect(new Set(CONFIG_VARIABLES).size).toBe(CONFIG_VARIABLES.length);
  });
});
