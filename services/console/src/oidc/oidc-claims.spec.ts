/** The claim mapping: the documented example is valid, and claims map to an agency and roles its kind may hold, or are refused. */
import { join } from 'node:path';
import { AgencyRegistry } from '@jm/reference';
import { ClaimMapping, mapClaims, parseClaimMapping, readClaimMapping } from './oidc-claims';
import { OidcError } from './oidc.errors';

const ROOT = join(__dirname, '../../../..');
const registry = AgencyRegistry.fromFile(join(ROOT, 'config/agencies.json'));
const example = readClaimMapping(join(ROOT, 'config/oidc-claims.example.json'), registry) as ClaimMapping;

const refusal = (claims: Record<string, unknown>, mapping = example): string => {
  try {
    mapClaims(claims, mapping, registry);
  } catch (error) {
    expect((error as OidcError).code).toBe('OIDC_UNMAPPED');
    return (error as Error).message;
  }
  throw new Error('expected OIDC_UNMAPPED');
};

describe('claim mapping', () => {
  it('reads the documented example', () => {
    expect(Array.isArray(example)).toBe(false);
    expect(example.agency.claim).toBe('org_id');
  });

  it('maps an organisation id to its agency and groups to roles, ignoring groups it does not name', () => {
    expect(
      mapClaims({ sub: 'u', name: '张三', org_id: '350502-JRB-001', groups: ['jm-office-officer', 'jm-admin', 'other'] }, example, registry),
    ).toEqual({
      agency: 'lc-office',
      roles: ['office_officer', 'admin'],
      displayName: '张三',
    });
    expect(mapClaims({ sub: 'u', org_id: '350502-GAJ-001', groups: 'jm-unit-officer jm-auditor' }, example, registry)).toEqual({
      agency: 'lc-police',
      roles: ['unit_officer', 'auditor'],
      displayName: 'u',
    });
  });

  it('reads nested claims and, without maps, takes the values as codes', () => {
    const mapping = parseClaimMapping({ agency: { claim: 'jm.agency' }, roles: { claim: 'realm_access.roles' } }, registry) as ClaimMapping;
    expect(
      mapClaims(
        { sub: 'u', preferred_username: 'zs', jm: { agency: 'lc-st-haibin' }, realm_access: { roles: ['street_officer', 'offline_access'] } },
        mapping,
        registry,
      ),
    ).toEqual({ agency: 'lc-st-haibin', roles: ['street_officer'], displayName: 'zs' });
  });

  it('refuses no agency claim, an organisation it does not map, no role, and roles the agency kind cannot hold', () => {
    expect(refusal({ sub: 'u', groups: ['jm-admin'] })).toContain('missing');
    expect(refusal({ sub: 'u', org_id: '999999', groups: ['jm-admin'] })).toContain('maps to no agency');
    expect(refusal({ sub: 'u', org_id: '350502-JRB-001', groups: ['other'] })).toContain('grants no role');
    expect(refusal({ sub: 'u', org_id: '350502-HBJD-01', groups: ['jm-street-officer', 'jm-admin'] })).toContain(
      'admin cannot be held at lc-st-haibin',
    );
  });

  it('names every problem of a bad mapping file', () => {
    expect(parseClaimMapping({ agency: { claim: 'org', map: { x: 'no-such-agency' } }, roles: { map: { g: ['king'] } } }, registry)).toEqual([
      'agency.map["x"]: an agency code of the registry (given "no-such-agency")',
      'roles.map["g"]: a role code or a list of them, each one of office_officer, unit_officer, street_officer, convener, analyst, auditor, admin',
      'roles.claim: a claim name (a dotted path for nested claims)',
    ]);
    expect(readClaimMapping('/no/such/file.json', registry)).toEqual([expect.stringContaining('cannot be read as JSON')]);
  });
});
