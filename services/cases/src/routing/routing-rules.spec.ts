/** Routing rules: the shipped file loads, the rules choose as the campaign plan says, and a bad file is refused with every problem named. */
import { join } from 'node:path';
import { DomainRuleError } from '@jm/event-sourcing';
import { AgencyRegistry } from '@jm/reference';
import { leadSummary } from '../testing/fixtures';
import { RoutingRules, RoutingRulesError } from './routing-rules';

const root = join(__dirname, '../../../..');
const registry = AgencyRegistry.fromFile(join(root, 'config/agencies.json'));
const rules = RoutingRules.fromFile(join(root, 'config/routing-rules.json'), registry);

describe('routing rules', () => {
  it('route by field to the lead unit of the campaign plan, with the street as territorial unit', () => {
    expect(rules.choose({ office: 'lc-office', summary: leadSummary('L', { field: 'pension' }) })).toEqual({
      kind: 'route',
      unit: 'lc-social-affairs',
      street: 'lc-st-haibin',
      rule: 'field:pension',
    });
    expect(rules.choose({ office: 'lc-office', summary: leadSummary('L', { field: 'film_investment', street: undefined }) })).toEqual({
      kind: 'route',
      unit: 'lc-party-affairs',
      rule: 'field:film_investment',
    });
    expect(rules.choose({ office: 'lc-office', summary: leadSummary('L', { field: 'auction' }) })).toMatchObject({ unit: 'lc-investment' });
    expect(rules.choose({ office: 'lc-office', summary: leadSummary('L', { field: 'fake_state_enterprise' }) })).toMatchObject({
      unit: 'lc-finance',
    });
  });

  it('falls back to the category, then to the default unit', () => {
    expect(rules.choose({ office: 'lc-office', summary: leadSummary('L', { field: 'other', category: 'financial_fraud' }) })).toMatchObject({
      unit: 'lc-police',
      rule: 'category:financial_fraud',
    });
    expect(rules.choose({ office: 'qz-office', summary: leadSummary('L', { field: 'other', category: 'illegal_fundraising' }) })).toMatchObject({
      unit: 'qz-nfra',
      rule: 'default',
    });
  });

  it("ignores a street that is not a territorial unit of the lead's region", () => {
    expect(rules.choose({ office: 'lc-office', summary: leadSummary('L', { street: 'fz-st-donghai' }) })).not.toHaveProperty('street');
    expect(rules.choose({ office: 'lc-office', summary: leadSummary('L', { street: 'lc-market' }) })).not.toHaveProperty('street');
  });

  it('reports up what is beyond the district (逐级上报): the securities field, or securities with a licensed institution', () => {
    expect(rules.choose({ office: 'lc-office', summary: leadSummary('L', { field: 'securities_futures', category: 'illegal_securities' }) })).toEqual(
      {
        kind: 'refer_up',
        to: 'qz-office',
        rule: 'refer-up:securities-futures-field',
        reason: expect.stringContaining('证监局'),
      },
    );
    const securities = leadSummary('L', { field: 'other', category: 'illegal_securities' });
    expect(rules.choose({ office: 'lc-office', summary: securities, licensedInstitution: true })).toMatchObject({
      kind: 'refer_up',
      rule: 'refer-up:licensed-institution',
    });
    expect(rules.choose({ office: 'lc-office', summary: securities })).toMatchObject({
      kind: 'route',
      unit: 'lc-finance',
      rule: 'category:illegal_securities',
    });
    expect(rules.choose({ office: 'qz-office', summary: securities })).toMatchObject({ kind: 'refer_up', to: 'fj-office' });
  });

  it('an office without rules must name the unit', () => {
    expect(() => rules.choose({ office: 'fz-office', summary: leadSummary('L', { jurisdiction: '350503' }) })).toThrow(DomainRuleError);
  });

  it('refuses a file with unknown agencies, fields and categories, naming each', () => {
    const bad = {
      rules: [
        {
          jurisdiction: '350502',
          office: 'lc-office',
          fields: { pension: 'lc-nowhere', astrology: 'lc-finance' },
          categories: { illegal_magic: 'lc-finance', illegal_forex: 'lc-office' },
          referUp: [{ id: 'x', reason: '' }],
          default: 'fz-police',
        },
      ],
    };
    let error: unknown;
    try {
      RoutingRules.parse(bad, registry, 'bad.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RoutingRulesError);
    const message = (error as Error).message;
    expect(message).toContain('Routing rules bad.json are invalid');
    expect(message).toContain('fields.pension: "lc-nowhere" is not an agency in the registry');
    expect(message).toContain('fields.astrology: unknown field code');
    expect(message).toContain('categories.illegal_magic: unknown activity category');
    expect(message).toContain('categories.illegal_forex: lc-office is an office');
    expect(message).toContain('default: fz-police (350503) does not serve 350502');
    expect(message).toContain('referUp[0]: name fields or categories');
    expect(message).toContain('referUp[0].reason');
  });

  it('refuses a file that is not JSON or has no rules', () => {
    expect(() => RoutingRules.fromFile(join(root, 'README.md'), registry)).toThrow(/cannot be read as JSON/);
    expect(() => RoutingRules.parse({ rules: [] }, registry)).toThrow(/no rule sets/);
    expect(() => RoutingRules.parse({ rules: [{ jurisdiction: '350502', office: 'lc-finance', default: 'lc-finance' }] }, registry)).toThrow(
      /is a member, not a joint-meeting office/,
    );
  });
});
