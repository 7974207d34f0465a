import { join } from 'node:path';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs';
import { AgencyRegistry, DeploymentRegistry } from '@jm/reference';
import { aclEntries, aclTable, deploymentGrant, descendantsOf, federationTopicNames, principalOf } from './federation-acls';

const root = join(__dirname, '..', '..', '..', '..');
const agencies = AgencyRegistry.fromFile(join(root, 'config/agencies.json'));
const registry = DeploymentRegistry.fromFile(join(root, 'config/deployments.json'), agencies);

/** "TOPIC PREFIXED name: OPS" lines, in the grant's order. */
const lines = (id: string, env = 'env.') =>
  deploymentGrant(registry, id, { env }).acls.map((a) => `${a.resource} ${a.pattern} ${a.name}: ${a.operations.join(',')}`);

describe('the ACLs of a deployment, from the registry', () => {
  it('gives a district its namespace, its outboxes, its inbox from every other deployment and nothing below it', () => {
    expect(lines('lc')).toEqual([
      'TOPIC PREFIXED env.lc.: READ,WRITE,CREATE,DESCRIBE',
      'GROUP PREFIXED env.lc.: READ',
      'TOPIC PREFIXED env.fed.lc.: WRITE,CREATE,DESCRIBE',
      'TOPIC LITERAL env.fed.fj.to.lc.v1: READ,DESCRIBE',
      'TOPIC LITERAL env.fed.fz.to.lc.v1: READ,DESCRIBE',
      'TOPIC LITERAL env.fed.qz.to.lc.v1: READ,DESCRIBE',
    ]);
  });

  it('lets the city read the anchors of its districts, and the province those of every deployment below it', () => {
    expect(lines('qz').filter((l) => l.includes('anchors'))).toEqual([
      'TOPIC LITERAL env.fed.fz.anchors.v1: READ,DESCRIBE',
      'TOPIC LITERAL env.fed.lc.anchors.v1: READ,DESCRIBE',
    ]);
    expect(descendantsOf(registry, 'fj')).toEqual(['fz', 'lc', 'qz']);
    expect(descendantsOf(registry, 'lc')).toEqual([]);
  });

  it('never lets one deployment read another’s own topics or groups, or write under another’s fed. prefix', () => {
    for (const self of registry.all()) {
      const grant = deploymentGrant(registry, self.id, { env: 'env.' });
      for (const other of registry.all().filter((d) => d.id !== self.id)) {
        for (const acl of grant.acls) {
          expect(acl.name.startsWith(`env.${other.id}.`)).toBe(false);
          if (acl.operations.includes('WRITE')) expect(acl.name.startsWith(`env.fed.${other.id}.`)).toBe(false);
        }
      }
      // What it reads of the federation is addressed to it, or the anchors of a deployment below it.
      for (const acl of grant.acls.filter((a) => a.pattern === 'LITERAL'))
        expect(acl.name.endsWith(`.to.${self.id}.v1`) || descendantsOf(registry, self.id).some((d) => acl.name === `env.fed.${d}.anchors.v1`)).toBe(
          true,
        );
    }
  });

  it('names principals by a prefix, jm- unless told', () => {
    expect(principalOf('lc')).toBe('jm-lc');
    expect(deploymentGrant(registry, 'fz', { principalPrefix: 't1-' }).principal).toBe('t1-fz');
  });

  it('turns each operation into one ALLOW binding of User:<principal> from any host', () => {
    const entries = aclEntries(deploymentGrant(registry, 'fz'));
    // Namespace 4, groups 1, outboxes 3, inbox from lc, qz and fj 3 × 2.
    expect(entries).toHaveLength(4 + 1 + 3 + 3 * 2);
    expect(entries).toContainEqual({
      resourceType: AclResourceTypes.GROUP,
      resourceName: 'fz.',
      resourcePatternType: ResourcePatternTypes.PREFIXED,
      principal: 'User:jm-fz',
      host: '*',
      operation: AclOperationTypes.READ,
      permissionType: AclPermissionTypes.ALLOW,
    });
    expect(entries.every((e) => e.permissionType === AclPermissionTypes.ALLOW && e.principal === 'User:jm-fz')).toBe(true);
  });

  it('refuses a deployment the registry does not have, naming the ones it has', () => {
    expect(() => deploymentGrant(registry, 'xm')).toThrow('unknown deployment "xm": the registry has lc, fz, qz, fj');
  });

  it('prints the grant as a table an operator reads', () => {
    const table = aclTable(deploymentGrant(registry, 'lc'));
    expect(table.split('\n')[0]).toBe('User:jm-lc (deployment lc)');
    expect(table).toMatch(/^TOPIC +LITERAL +fed\.qz\.to\.lc\.v1 +READ,DESCRIBE +its inbox from qz$/m);
  });
});

describe('the federation topics', () => {
  it('are one per ordered pair of deployments and one anchor topic each, behind the environment prefix', () => {
    const topics = federationTopicNames(registry, 'env.');
    expect(topics).toHaveLength(4 * 3 + 4);
    expect(topics).toEqual(expect.arrayContaining(['env.fed.lc.to.qz.v1', 'env.fed.qz.to.lc.v1', 'env.fed.fj.anchors.v1']));
    expect(new Set(topics).size).toBe(topics.length);
  });
});
