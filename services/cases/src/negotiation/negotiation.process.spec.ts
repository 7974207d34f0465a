import { negotiatedCaseOf, negotiationIdOf } from './negotiation.process';

describe('what a negotiation record keeps of a message', () => {
  it('given a case with fields the contract does not declare, when it is kept, then only the contract fields stay', () => {
    const sent = {
      caseId: 'C1',
      caseNo: 'CASE-1',
      title: '某公司非法集资',
      category: 'illegal_fundraising' as const,
      subjects: [{ kind: 'company' as const, name: '某公司', region: '350503', informant: '张三' }],
      informantPhone: '13800000000',
    };
    expect(negotiatedCaseOf(sent)).toEqual({
      caseId: 'C1',
      caseNo: 'CASE-1',
      title: '某公司非法集资',
      category: 'illegal_fundraising',
      subjects: [{ kind: 'company', name: '某公司', region: '350503' }],
    });
  });

  it('names one negotiation the same in every deployment, and another case or region differently', () => {
    expect(negotiationIdOf('lc', 'C1', '350503')).toBe(negotiationIdOf('lc', 'C1', '350503'));
    expect(
      new Set([
        negotiationIdOf('lc', 'C1', '350503'),
        negotiationIdOf('lc', 'C2', '350503'),
        negotiationIdOf('lc', 'C1', '350504'),
        negotiationIdOf('fz', 'C1', '350503'),
      ]).size,
    ).toBe(4);
  });
});
