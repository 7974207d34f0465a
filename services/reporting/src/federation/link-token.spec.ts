/** Link tokens between deployments: accepted only from a deployment above, signed with that link's secret, short-lived, naming its office's auditor. */
import { signToken } from '@jm/platform';
import { AgencyRegistry, Deployment, DeploymentRegistry } from '@jm/reference';
import { LINK_TOKEN_SECONDS, verifyLinkCall } from './link-token';

const agencies = AgencyRegistry.fromFile('config/agencies.json');
const deployments = DeploymentRegistry.fromFile('config/deployments.json', agencies);
const lc = deployments.get('lc') as Deployment;
const secrets = { qz: 'q'.repeat(40), fj: 'f'.repeat(40) };
const now = new Date('2026-03-10T02:00:00.000Z');
const token = (secret: string, agency = 'qz-office', roles = ['auditor'], ttlSeconds = LINK_TOKEN_SECONDS) =>
  signToken({ sub: 'qz-auditor-lin', agency, roles }, secret, { ttlSeconds, now });
const verify = (deployment: string | undefined, t: string | undefined, configured: Record<string, string> = secrets) =>
  verifyLinkCall({ deployment, token: t }, lc, deployments, agencies, configured, now);

describe('a link call to a district', () => {
  it('names the calling deployment and its auditor when the city signs with the link’s secret', () => {
    const { from, auditor } = verify('qz', token(secrets.qz));
    expect(from.id).toBe('qz');
    expect(auditor).toMatchObject({ agency: 'qz-office', user: 'qz-auditor-lin', roles: ['auditor'] });
  });

  it.each([
    ['no headers', undefined, undefined, secrets],
    ['an unknown deployment', 'zz', token(secrets.qz), secrets],
    ['a deployment not above it', 'fz', token(secrets.qz), { ...secrets, fz: secrets.qz }],
    ['a deployment with no link secret here', 'qz', token(secrets.qz), { fj: secrets.fj }],
    ['another link’s secret', 'qz', token(secrets.fj), secrets],
    ['a token living longer than a link token', 'qz', token(secrets.qz, 'qz-office', ['auditor'], 600), secrets],
    ['another agency than the caller’s office', 'qz', token(secrets.qz, 'qz-police', ['auditor']), secrets],
    ['no auditor role', 'qz', token(secrets.qz, 'qz-office', ['analyst']), secrets],
  ])('is refused (401) with %s', (_what, deployment, t, configured) => {
    expect(() => verify(deployment, t, configured)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });

  it('is refused once the token expired', () => {
    const old = signToken({ sub: 'x', agency: 'qz-office', roles: ['auditor'] }, secrets.qz, {
      ttlSeconds: 60,
      now: new Date(now.getTime() - 61_000),
    });
    expect(() => verify('qz', old)).toThrow(/expired/);
  });
});
