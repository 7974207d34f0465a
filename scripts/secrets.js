/**
 * Local secrets for the embedded mode and the demo: .data/secrets.json holds a
 * random JWT secret and key-encryption key, created on first use (mode 0600,
 * in a 0700 .data/; looser modes left by an older version are tightened).
 * Nothing here is a built-in default: every installation gets its own values.
 * Environment variables JWT_SECRET / KEY_ENCRYPTION_KEY win when set.
 * During a rotation (docs/operations/secrets.md) the file may also hold
 * jwtPreviousSecrets and keyEncryptionKeyPrevious (lists), passed on as
 * JWT_PREVIOUS_SECRETS / KEY_ENCRYPTION_KEY_PREVIOUS unless those are set.
 */
'use strict';
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DATA_DIR = path.join(ROOT, '.data');
const FILE = path.join(DATA_DIR, 'secrets.json');

/** .data/ readable by this user only (0700), also when an older version created it 0755. */
function ensureDataDir(dir = DATA_DIR) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if ((fs.statSync(dir).mode & 0o777) !== 0o700) fs.chmodSync(dir, 0o700);
}

function localSecrets({ create = true, file = FILE } = {}) {
  const exists = fs.existsSync(file);
  if (!exists && !create) return undefined;
  ensureDataDir(path.dirname(file));
  if (!exists) {
    const secrets = { jwtSecret: randomBytes(32).toString('base64url'), keyEncryptionKey: randomBytes(32).toString('hex') };
    fs.writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  }
  if ((fs.statSync(file).mode & 0o777) !== 0o600) fs.chmodSync(file, 0o600);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The environment a service or the token CLI should use: given variables first, then the local file. */
function securityEnv(env = process.env, options) {
  const given = { JWT_SECRET: env.JWT_SECRET, KEY_ENCRYPTION_KEY: env.KEY_ENCRYPTION_KEY };
  if (given.JWT_SECRET && given.KEY_ENCRYPTION_KEY) return given;
  const local = localSecrets(options);
  return {
    JWT_SECRET: given.JWT_SECRET || local?.jwtSecret,
    KEY_ENCRYPTION_KEY: given.KEY_ENCRYPTION_KEY || local?.keyEncryptionKey,
    ...previousFrom(env, 'JWT_PREVIOUS_SECRETS', local?.jwtPreviousSecrets),
    ...previousFrom(env, 'KEY_ENCRYPTION_KEY_PREVIOUS', local?.keyEncryptionKeyPrevious),
  };
}

/** { [name]: the file's list, comma-joined } when the file has one and the environment does not set it. */
function previousFrom(env, name, list) {
  return !env[name] && Array.isArray(list) && list.length > 0 ? { [name]: list.join(',') } : {};
}

module.exports = { ensureDataDir, localSecrets, securityEnv, SECRETS_FILE: FILE, DATA_DIR };
