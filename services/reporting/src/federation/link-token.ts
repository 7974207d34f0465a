/**
 * Calls between deployments (docs/federation-reporting.md, "Authentication"): each deployment has its own
 * JWT_SECRET, so a city token means nothing to a district. A link between two deployments has a secret of its
 * own (FEDERATION_LINK_SECRETS, the same value on both sides), which signs a short-lived token naming the
 * calling deployment's auditor. The district accepts it on its anchor-check route only, and only from a
 * deployment above it: a link token is never a bearer token elsewhere (other routes verify with JWT_SECRET).
 * The platform's HS256 codec signs and verifies it (no second JWT implementation).
 */
import { UnauthenticatedError } from '@jm/event-sourcing';
import { Principal, principalFromClaims, signToken, TokenError, verifyToken } from '@jm/platform';
import type { AgencyRegistry, Deployment, DeploymentRegistry } from '@jm/reference';

/** Headers of a call over a link: the calling deployment and its token (not Authorization, which the global guard reads). */
export const LINK_DEPLOYMENT_HEADER = 'x-federation-deployment';
export const LINK_TOKEN_HEADER = 'x-federation-token';
/** A link token lives one minute: long enough for one call, short enough that a copied one is soon worthless. */
export const LINK_TOKEN_SECONDS = 60;

export function signLinkToken(caller: Principal, secret: string, now: Date): string {
  return signToken({ sub: caller.user, agency: caller.agency, roles: ['auditor'] }, secret, { ttlSeconds: LINK_TOKEN_SECONDS, now });
}

/**
 * The caller of a link call: a deployment above this one with a configured link secret, whose token (signed
 * with that secret, at most LINK_TOKEN_SECONDS long) names an auditor of that deployment's office. 401 otherwise,
 * saying what is wrong but never which secrets exist.
 */
/** Refuses (401) a call without both link headers, before anything else is looked at. */
export function assertLinkHeaders(headers: { deployment?: string; token?: string }): asserts headers is { deployment: string; token: string } {
  if (!headers.deployment || !headers.token)
    throw new UnauthenticatedError(
      `a call over a federation link needs the headers ${LINK_DEPLOYMENT_HEADER} (the calling deployment) and ${LINK_TOKEN_HEADER}`,
    );
}

export function verifyLinkCall(
  headers: { deployment?: string; token?: string },
  self: Deployment,
  deployments: DeploymentRegistry,
  agencies: AgencyRegistry,
  secrets: Readonly<Record<string, string>>,
  now: Date,
): { from: Deployment; auditor: Principal } {
  assertLinkHeaders(headers);
  const from = deployments.get(headers.deployment);
  if (!from) throw new UnauthenticatedError(`${LINK_DEPLOYMENT_HEADER}: ${headers.deployment} is not a deployment of the registry`);
  const secret = secrets[from.id];
  if (!secret || !deployments.isBelow(self, from))
    throw new UnauthenticatedError(`${self.id} has no link with ${from.id} (FEDERATION_LINK_SECRETS), or ${from.id} is not above it`);
  try {
    const claims = verifyToken(headers.token, secret, now, 1);
    if (claims.exp - claims.iat > LINK_TOKEN_SECONDS) throw new TokenError(`a link token lives at most ${LINK_TOKEN_SECONDS} seconds`);
    const office = deployments.officeOf(from);
    if (claims.agency !== office.code || !claims.roles.includes('auditor'))
      throw new TokenError(`a link token from ${from.id} names an auditor of ${office.code}`);
    return { from, auditor: principalFromClaims(claims, agencies) };
  } catch (error) {
    if (error instanceof TokenError) throw new UnauthenticatedError(`link token from ${from.id}: ${error.message}`);
    throw error;
  }
}
