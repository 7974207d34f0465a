/** Whose accounts an admin manages, and the top offices first start creates admins for, on the deployed registry. */
import { AgencyRegistry, Deployment, DeploymentRegistry } from '@jm/reference';
import { managedAgencies, topOffices } from './admin-scope';

const registry = AgencyRegistry.fromFile('config/agencies.json');

describe('admin scope', () => {
  it('a district office manages its own district, not the city office nor another district', () => {
    const codes = managedAgencies(registry, 'lc-office').map((a) => a.code);
    expect(codes).toContain('lc-office');
    expect(codes).toContain('lc-market');
    expect(codes).not.toContain('qz-office');
    for (const code of codes) expect(registry.get(code)?.jurisdiction).toBe('350502');
  });

  it('a city office manages the agencies of its districts too; a member unit manages only itself', () => {
    const city = managedAgencies(registry, 'qz-office').map((a) => a.code);
    expect(city).toEqual(expect.arrayContaining(['qz-office', 'lc-office', 'lc-market']));
    expect(managedAgencies(registry, 'lc-market').map((a) => a.code)).toEqual(['lc-market']);
    expect(managedAgencies(registry, 'no-such')).toEqual([]);
  });

  it("in a deployment, an admin manages only the agencies the deployment serves, and the top office is the deployment's own", () => {
    const deployments = DeploymentRegistry.fromFile('config/deployments.json', registry);
    const servedBy = (id: string) => (code: string) => deployments.serves(deployments.get(id) as Deployment, code);
    const city = managedAgencies(registry, 'qz-office', servedBy('qz')).map((a) => a.code);
    expect(city).toContain('qz-office');
    expect(city).not.toContain('lc-office');
    expect(city).not.toContain('lc-market');
    for (const code of city) expect(deployments.servingAgency(code)?.id).toBe('qz');
    // An admin of an agency another deployment serves manages nothing here, not even its own agency.
    expect(managedAgencies(registry, 'lc-office', servedBy('qz'))).toEqual([]);
    expect(topOffices(registry, servedBy('fz')).map((a) => a.code)).toEqual(['fz-office']);
    expect(topOffices(registry, servedBy('qz')).map((a) => a.code)).toEqual(['qz-office']);
  });

  it('the top offices are the offices no higher office covers', () => {
    // The province office covers the city and district offices of this registry.
    expect(topOffices(registry).map((a) => a.code)).toEqual(['fj-office']);
    // Without it, the city office and each district office no city office covers are top offices.
    const noProvince = new AgencyRegistry(registry.all().filter((a) => a.level !== 'province'));
    expect(topOffices(noProvince).map((a) => a.code)).toEqual(['qz-office']);
    const districts = new AgencyRegistry(registry.all().filter((a) => a.level === 'district'));
    expect(topOffices(districts).map((a) => a.code)).toEqual(['lc-office', 'fz-office']);
  });
});
