/**
 * The deployments of the federation (config/deployments.json, DEPLOYMENTS_PATH):
 * each one serves the agencies of one joint-meeting office (the office and the
 * member units and streets of its level and jurisdiction) on its own services,
 * database and keys; all of them share one Kafka cluster. The chain of offices
 * (district → city → province) is the chain of deployments: a deployment's
 * parent is the one serving the office one level up.
 *
 * Validated as a whole against the agency registry at boot: every problem at
 * once, each naming where and what is allowed.
 */
import { readFileSync } from 'node:fs';
import { Agency, AgencyRegistry, regionContains } from './agency-registry';
import { ConfigFileError } from './config-file-error';
import type { Label } from './labels';

export interface Deployment {
  /** Lowercase letters and digits, 2–16: it names the Kafka principal, the topic namespace and the consumer groups. */
  id: string;
  name: Label;
  /** The joint-meeting office whose agencies this deployment serves. */
  office: string;
}

export class DeploymentRegistryError extends ConfigFileError {
  constructor(source: string, problems: string[]) {
    super('DEPLOYMENT_REGISTRY_INVALID', 'Deployment registry', source, problems);
  }
}

const EMPTY = '(none: no federation)';

export const DEPLOYMENT_ID_PATTERN = /^[a-z][a-z0-9]{1,15}$/;

export class DeploymentRegistry {
  private readonly byId: ReadonlyMap<string, Deployment>;
  private readonly byOffice: ReadonlyMap<string, Deployment>;

  constructor(
    deployments: readonly Deployment[],
    private readonly agencies: AgencyRegistry,
    source = 'given in code',
  ) {
    const problems: string[] = [];
    const byId = new Map<string, Deployment>();
    const byOffice = new Map<string, Deployment>();
    deployments.forEach((d, i) => {
      const where = `deployments[${i}]${typeof d?.id === 'string' ? ` (${d.id})` : ''}`;
      if (typeof d?.id !== 'string' || !DEPLOYMENT_ID_PATTERN.test(d.id))
        problems.push(`${where}.id: lowercase letters and digits, 2-16 characters, starting with a letter`);
      else if (byId.has(d.id)) problems.push(`${where}.id: duplicate id`);
      if (typeof d?.name?.['zh-CN'] !== 'string' || typeof d?.name?.en !== 'string')
        problems.push(`${where}.name: an object with "zh-CN" and "en" strings`);
      const office = typeof d?.office === 'string' ? agencies.get(d.office) : undefined;
      if (!office || office.kind !== 'office') problems.push(`${where}.office: the code of a joint-meeting office in the agency registry`);
      else if (byOffice.has(office.code)) problems.push(`${where}.office: ${office.code} is served by ${byOffice.get(office.code)?.id} already`);
      if (typeof d?.id === 'string') byId.set(d.id, d);
      if (office && office.kind === 'office' && !byOffice.has(office.code)) byOffice.set(office.code, d);
    });
    if (deployments.length === 0 && source !== EMPTY) problems.push('no deployments');
    if (problems.length) throw new DeploymentRegistryError(source, problems);
    this.byId = byId;
    this.byOffice = byOffice;
  }

  /** No deployments: a process on its own (no DEPLOYMENT). */
  static empty(agencies: AgencyRegistry): DeploymentRegistry {
    return new DeploymentRegistry([], agencies, EMPTY);
  }

  static fromFile(path: string, agencies: AgencyRegistry): DeploymentRegistry {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new DeploymentRegistryError(path, [`cannot be read as JSON: ${(error as Error).message}`]);
    }
    const list = (parsed as { deployments?: unknown })?.deployments;
    if (!Array.isArray(list)) throw new DeploymentRegistryError(path, ['expected an object with a "deployments" array']);
    return new DeploymentRegistry(list as Deployment[], agencies, path);
  }

  get(id: string): Deployment | undefined {
    return this.byId.get(id);
  }

  all(): Deployment[] {
    return [...this.byId.values()];
  }

  name(id: string, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
    return this.byId.get(id)?.name[lang] ?? id;
  }

  /** The office a deployment serves. */
  officeOf(deployment: Deployment): Agency {
    return this.agencies.get(deployment.office) as Agency;
  }

  /** The deployment serving an agency: its office's, where the office is the one of the agency's level and jurisdiction. */
  servingAgency(code: string): Deployment | undefined {
    const agency = this.agencies.get(code);
    if (!agency) return undefined;
    const office =
      agency.kind === 'office'
        ? agency
        : this.agencies.all().find((a) => a.kind === 'office' && a.level === agency.level && a.jurisdiction === agency.jurisdiction);
    return office ? this.byOffice.get(office.code) : undefined;
  }

  /** Does this deployment serve the agency? */
  serves(deployment: Deployment, code: string): boolean {
    return this.servingAgency(code)?.id === deployment.id;
  }

  /** The agencies a deployment serves. */
  agenciesOf(deployment: Deployment): Agency[] {
    return this.agencies.all().filter((a) => this.serves(deployment, a.code));
  }

  /** The deployment one level up (the one serving the parent office), if it is in the registry. */
  parentOf(deployment: Deployment): Deployment | undefined {
    const parent = this.agencies.parentOffice(this.officeOf(deployment));
    return parent ? this.byOffice.get(parent.code) : undefined;
  }

  /** The deployments one level down. */
  childrenOf(deployment: Deployment): Deployment[] {
    return this.all().filter((d) => this.parentOf(d)?.id === deployment.id);
  }

  /** Every deployment above this one, nearest first. */
  ancestorsOf(deployment: Deployment): Deployment[] {
    const chain: Deployment[] = [];
    for (let up = this.parentOf(deployment); up && !chain.includes(up); up = this.parentOf(up)) chain.push(up);
    return chain;
  }

  /** Is `deployment` somewhere below `above` (its child, grandchild, …)? */
  isBelow(deployment: Deployment, above: Deployment): boolean {
    return this.ancestorsOf(deployment).some((up) => up.id === above.id);
  }

  /** Every deployment below this one (children, theirs, …), by id. */
  descendantsOf(deployment: Deployment): Deployment[] {
    return this.all()
      .filter((d) => this.isBelow(d, deployment))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  /** The nearest deployment above both (共同上级): the first ancestor of `a` whose office's jurisdiction contains b's. */
  commonSuperior(a: Deployment, b: Deployment): Deployment | undefined {
    const inner = this.officeOf(b).jurisdiction;
    return this.ancestorsOf(a).find((up) => regionContains(this.officeOf(up).jurisdiction, inner));
  }

  /** The deployment whose office is responsible for a region at a level (district first), e.g. where a cross-region notice goes. */
  servingRegion(region: string): Deployment | undefined {
    for (const level of ['district', 'city', 'province'] as const) {
      const office = this.agencies.officeFor(region, level);
      const deployment = office && this.byOffice.get(office.code);
      if (deployment) return deployment;
    }
    return undefined;
  }

  /**
   * The deployments that may send to this one: any other (parent and children for escalations, decisions and
   * ledgers going up; any region for cross-region notices; a common superior for disputes). What keeps levels
   * apart is that each ordered pair has its own topic, read only by its addressee.
   */
  peersOf(deployment: Deployment): Deployment[] {
    return this.all().filter((other) => other.id !== deployment.id);
  }
}
