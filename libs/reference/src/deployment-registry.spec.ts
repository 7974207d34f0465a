import { join } from 'node:path';
import { AgencyRegistry } from './agency-registry';
import { DeploymentRegistry, DeploymentRegistryError } from './deployment-registry';

const root = join(__dirname, '../../..');
const agencies = AgencyRegistry.fromFile(join(root, 'config/agencies.json'));
const registry = DeploymentRegistry.fromFile(join(root, 'config/deployments.json'), agencies);
const dep = (id: string) => registry.get(id)!;

describe('DeploymentRegistry', () => {
  it('given the shipped registry, when asked who serves an agency, then it is the deployment of the office of its level and jurisdiction', () => {
    expect(registry.servingAgency('lc-st-haibin')?.id).toBe('lc');
    expect(registry.servingAgency('lc-office')?.id).toBe('lc');
    expect(registry.servingAgency('fz-police')?.id).toBe('fz');
    expect(registry.servingAgency('qz-police')?.id).toBe('qz');
    expect(registry.servingAgency('fj-csrc')?.id).toBe('fj');
    expect(registry.servingAgency('nobody')).toBeUndefined();
    expect(registry.serves(dep('lc'), 'qz-office')).toBe(false);
    expect(registry.agenciesOf(dep('fz')).map((a) => a.code)).toEqual(['fz-office', 'fz-police', 'fz-st-donghai']);
  });

  it('given the chain of offices, when asked for parents, children and the common superior, then they follow district → city → province', () => {
    expect(registry.parentOf(dep('lc'))?.id).toBe('qz');
    expect(registry.parentOf(dep('qz'))?.id).toBe('fj');
    expect(registry.parentOf(dep('fj'))).toBeUndefined();
    expect(registry.childrenOf(dep('qz')).map((d) => d.id)).toEqual(['lc', 'fz']);
    expect(registry.ancestorsOf(dep('lc')).map((d) => d.id)).toEqual(['qz', 'fj']);
    expect(registry.commonSuperior(dep('lc'), dep('fz'))?.id).toBe('qz');
    expect(registry.isBelow(dep('lc'), dep('fj'))).toBe(true);
    expect(registry.isBelow(dep('qz'), dep('lc'))).toBe(false);
    expect(registry.isBelow(dep('lc'), dep('lc'))).toBe(false);
    expect(registry.descendantsOf(dep('fj')).map((d) => d.id)).toEqual(['fz', 'lc', 'qz']);
    expect(registry.descendantsOf(dep('fz'))).toEqual([]);
    expect(registry.servingRegion('350503')?.id).toBe('fz');
    expect(registry.servingRegion('350521')?.id).toBe('qz');
  });

  it('given a registry that breaks its rules, when loaded, then every problem is named at once', () => {
    const bad = () =>
      new DeploymentRegistry(
        [
          { id: 'LC', name: { 'zh-CN': 'x', en: 'x' }, office: 'lc-office' },
          { id: 'two', name: { 'zh-CN': 'y' } as never, office: 'lc-police' },
          { id: 'three', name: { 'zh-CN': 'z', en: 'z' }, office: 'lc-office' },
        ],
        agencies,
      );
    expect(bad).toThrow(DeploymentRegistryError);
    try {
      bad();
    } catch (error) {
      expect((error as DeploymentRegistryError).problems).toEqual([
        'deployments[0] (LC).id: lowercase letters and digits, 2-16 characters, starting with a letter',
        'deployments[1] (two).name: an object with "zh-CN" and "en" strings',
        'deployments[1] (two).office: the code of a joint-meeting office in the agency registry',
        'deployments[2] (three).office: lc-office is served by LC already',
      ]);
    }
  });
});
