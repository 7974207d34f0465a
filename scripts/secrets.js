/**
 * Local secrets for the embedded mode and the demo: .data/secrets.json holds a
 * random JWT secret and key-encryption key, created on first use (mode 0600).
 * Nothing here is a built-in default: every installation gets its own values.
 * Environment variables JWT_SECRET / KEY_ENCRYPTION_KEY win when set.
 */
'use strict';
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const FILE = path.join(ROOT, '.data', 'secrets.json');

function localSecrets({ create = true } = {}) {
  if (!fs.existsSync(FILE)) {
    if (!create) return undefined;
    fs.mkdirSync(path.dirname(FILE), { recursive: true });
    const secrets = { jwtSecret: randomBytes(32).toString('base64url'), keyEncryptionKey: randomBytes(32).toString('hex') };
    fs.writeFileSync(FILE, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  }
  return JSON.parse(fs.readFileSync(FILE, 'utf8'));
}

/** The environment a service or the token CLI should use: given variables first, then the local file. */
function securityEnv(env = process.env, options) {
  const given = { JWT_SECRET: env.JWT_SECRET, KEY_ENCRYPTION_KEY: env.KEY_ENCRYPTION_KEY };
  if (given.JWT_SECRET && given.KEY_ENCRYPTION_KEY) return given;
  const local = localSecrets(options);
  return {
    JWT_SECRET: given.JWT_SECRET || local?.jwtSecret,
    KEY_ENCRYPTION_KEY: given.KEY_ENCRYPTION_KEY || local?.keyEncryptionKey,
  };
}

module.exports = { localSecrets, securityEnv, SECRETS_FILE: FILE };
