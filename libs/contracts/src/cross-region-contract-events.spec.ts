import { decodeCrossRegionMessage, decodeNegotiationEvent } from './cross-region-contract-events';
import { describeEvent } from './event-descriptions';
import { eventTypeLabel } from './event-labels';
import { negotiationRecord } from './testing/negotiation-record';

const nameOf = (code: string) => ({ 'fz-office': '丰泽区联席办', 'qz-office': '泉州市联席办' })[code] ?? code;
const opened = { type: 'NegotiationOpened', data: negotiationRecord('negotiation', 'fz-office', { dueAt: '2026-06-15T16:00:00.000Z' }) };

describe('cross-region negotiation contract', () => {
  it('describes each negotiation event in Chinese and English, naming the case by its number and never its subjects', () => {
    expect(describeEvent(opened, 'zh-CN', nameOf)).toBe(
      '丰泽区联席办外地来函协商：案件 CASE-350502-2026-0001（350502 → 350503），拟由 350502 主办，2026-06-15T16:00:00.000Z 前答复。',
    );
    expect(describeEvent(opened, 'en', nameOf)).not.toContain('泉州丰泽某公司');
    const decided = { type: 'NegotiationDecided', data: { negotiationId: 'N1', leadRegion: '350503', reason: '注册地在丰泽', by: 'qz-office' } };
    expect(describeEvent(decided, 'zh-CN', nameOf)).toBe('泉州市联席办 裁决由 350503 主办，对双方具有约束力：注册地在丰泽');
    const referred = { type: 'NegotiationReferred', data: { negotiationId: 'N1', reason: 'overdue', superior: 'qz' } };
    expect(describeEvent(referred, 'en', nameOf)).toBe('No agreement by the due time: referred to the common superior qz.');
    expect(eventTypeLabel('NegotiationAnswered', 'zh-CN')).toBe('协商答复');
  });

  it('refuses a negotiation event or message without the fields readers rely on', () => {
    expect(() => decodeNegotiationEvent({ type: 'NegotiationDecided', data: { negotiationId: 'N1', reason: 'x', by: 'qz-office' } })).toThrow(
      'data.leadRegion is missing',
    );
    expect(() => decodeCrossRegionMessage({ type: 'CrossRegionNegotiationRequested', data: { negotiationId: 'N1', case: {} } })).toThrow(
      'data.from is missing',
    );
    expect(() => decodeCrossRegionMessage({ type: 'NegotiationOpened', data: opened.data })).toThrow('unknown type');
  });
});
