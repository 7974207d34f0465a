/* global process, console */
/**
 * A real OpenID provider for tests: oidc-provider (v9, ESM) on a free loopback port,
 * with the clients and accounts given in OIDC_TEST_SETUP (JSON: { clients, accounts }).
 * Login and consent are automatic (no pages): the account is the authorisation
 * request's login_hint, else the first one. Prints "oidc-provider listening on <issuer>".
 * Test-only control (never in a real provider): POST /test/substitute-id-token with a
 * token as body makes the next token response carry that ID token instead of its own.
 */
import { createServer } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

const setup = JSON.parse(process.env.OIDC_TEST_SETUP ?? '{}');
const accounts = new Map(setup.accounts.map((account) => [account.sub, account]));
let substituteIdToken;

const signingKey = (type, options, kid) => ({
  ...generateKeyPairSync(type, options).privateKey.export({ format: 'jwk' }),
  kid,
  use: 'sig',
});

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: setup.clients,
    jwks: { keys: [signingKey('rsa', { modulusLength: 2048 }, 'rsa-1'), signingKey('ec', { namedCurve: 'P-256' }, 'ec-1')] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], org: ['org_id', 'groups'] },
    conformIdTokenClaims: setup.conformIdTokenClaims ?? true,
    clientAuthMethods: setup.clientAuthMethods ?? ['client_secret_basic', 'client_secret_post', 'none'],
    features: { devInteractions: { enabled: false } },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      return account && { accountId: sub, claims: () => ({ ...account }) };
    },
    // Consent is given for whatever was asked, so the only interaction is the (automatic) login.
    async loadExistingGrant(ctx) {
      if (!ctx.oidc.session.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope(ctx.oidc.params.scope);
      await grant.save();
      return grant;
    },
  });
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && ctx.status === 200 && substituteIdToken) {
      ctx.body = { ...ctx.body, id_token: substituteIdToken };
      substituteIdToken = undefined;
    }
  });
  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (req.method === 'POST' && req.url === '/test/substitute-id-token') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        substituteIdToken = body;
        res.writeHead(204).end();
      });
      return;
    }
    if (req.url.startsWith('/interaction/')) {
      provider
        .interactionDetails(req, res)
        .then(({ params }) => {
          const accountId = accounts.has(params.login_hint) ? params.login_hint : setup.accounts[0].sub;
          return provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
        })
        .catch((error) => res.writeHead(500).end(String(error)));
      return;
    }
    callback(req, res);
  });
  console.log(`oidc-provider listening on ${issuer}`);
});
