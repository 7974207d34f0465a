/** A cross-region negotiation record for specs: case C1 of lc (350502) with a subject in fz (350503), superior qz. */
import type { NegotiationOpenedData } from '../cross-region-contract-events';

export function negotiationRecord(
  kind: NegotiationOpenedData['kind'],
  office: string,
  extra: Partial<NegotiationOpenedData> = {},
): NegotiationOpenedData {
  return {
    negotiationId: 'N1',
    kind,
    office,
    case: {
      caseId: 'C1',
      caseNo: 'CASE-350502-2026-0001',
      title: '某公司非法集资',
      category: 'illegal_fundraising',
      subjects: [{ kind: 'company', name: '泉州丰泽某公司', region: '350503' }],
    },
    from: { deployment: 'lc', office: 'lc-office', region: '350502' },
    to: { deployment: 'fz', office: 'fz-office', region: '350503' },
    proposedLeadRegion: '350502',
    superior: 'qz',
    ...extra,
  };
}
