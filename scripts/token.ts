/**
 * `npm run token -- --agency <code> --roles <role,...> [--user <id>] [--name <display name>] [--ttl <hours>]`
 * (--ttl: default 8, at most TOKEN_MAX_LIFETIME_HOURS, default 12)
 * Mints a bearer token for the embedded mode and the demo, signed with JWT_SECRET
 * or, when unset, the local secret npm start created in .data/secrets.json.
 * Prints the token only (so `TOKEN=$(npm run -s token -- ...)` works).
 */
import { allowedRolesFor, ConfigError, principalFromClaims, readVariable, signToken, verifyToken } from '@jm/platform';
import { AgencyRegistry, isRole, ROLE_CODES } from '@jm/reference';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS helper shared with start.js
const { securityEnv, SECRETS_FILE } = require('./secrets.js') as {
  securityEnv: (env: NodeJS.ProcessEnv, o?: { create?: boolean }) => { JWT_SECRET?: string };
  SECRETS_FILE: string;
};

function fail(message: string): never {
  process.stderr.write(`token: ${message}\n`);
  process.exit(2);
}

function args(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    if (!key.startsWith('--')) fail(`unexpected argument ${JSON.stringify(key)}; options are --agency, --roles, --user, --name, --ttl, --list`);
    if (key === '--list') out.list = 'yes';
    else if (i + 1 >= argv.length) fail(`${key} needs a value`);
    else out[key.slice(2)] = argv[++i];
  }
  return out;
}

// `npm run -s token -- --list | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

function main(): void {
  const opts = args(process.argv.slice(2));
  const registry = AgencyRegistry.fromFile(process.env.AGENCY_REGISTRY_PATH || 'config/agencies.json');
  if (opts.list) {
    for (const a of registry.all())
      process.stdout.write(
        `${a.code.padEnd(20)} ${a.kind.padEnd(7)} ${a.level.padEnd(9)} roles: ${allowedRolesFor(a.kind).join(',').padEnd(50)} ${a.name['zh-CN']}\n`,
      );
    return;
  }
  if (!opts.agency) fail('--agency is required (see --list for the codes)');
  if (!opts.roles) fail(`--roles is required: a comma-separated list of ${ROLE_CODES.join(', ')}`);
  const roles = opts.roles.split(',').map((r) => r.trim());
  const bad = roles.filter((r) => !isRole(r));
  if (bad.length) fail(`unknown role(s) ${bad.join(', ')}; allowed: ${ROLE_CODES.join(', ')}`);
  const maxHours = tokenMaxLifetimeHours();
  const ttlHours = opts.ttl === undefined ? Math.min(8, maxHours) : Number(opts.ttl);
  if (!Number.isFinite(ttlHours) || ttlHours <= 0 || ttlHours > maxHours)
    fail(`--ttl is in hours, more than 0 and at most ${maxHours} (TOKEN_MAX_LIFETIME_HOURS; the services refuse longer tokens)`);
  const { JWT_SECRET } = securityEnv(process.env, { create: false });
  if (!JWT_SECRET) fail(`no JWT_SECRET in the environment and no ${SECRETS_FILE}; run npm start once or set JWT_SECRET`);
  const claims = { sub: opts.user ?? `${opts.agency}-demo`, agency: opts.agency, roles, ...(opts.name ? { name: opts.name } : {}) };
  const token = signToken(claims, JWT_SECRET, { ttlSeconds: Math.round(ttlHours * 3600) });
  try {
    principalFromClaims(verifyToken(token, JWT_SECRET, new Date(), maxHours), registry);
  } catch (error) {
    fail((error as Error).message);
  }
  process.stdout.write(`${token}\n`);
}

/** The services' own limit, read and validated as they read it. */
function tokenMaxLifetimeHours(): number {
  try {
    return readVariable('intake', 'TOKEN_MAX_LIFETIME_HOURS', process.env);
  } catch (error) {
    return fail(error instanceof ConfigError ? error.message : String(error));
  }
}

main();
