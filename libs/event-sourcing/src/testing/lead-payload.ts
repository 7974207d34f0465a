/**
 * The event every contender of bench:store writes, and what read-cost.spec.ts reads:
 * a realistic "lead received" envelope whose JSON data is ~500 bytes (UTF-8) with
 * Chinese text. Ids and times vary per event so unique indexes do real work;
 * everything else is identical across contenders.
 */
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../event-store/envelope';

let seq = 0;
const baseTime = Date.parse('2026-03-02T01:00:00.000Z');

export function leadData(n: number): Record<string, unknown> {
  return {
    leadId: `L2026${String(n % 1_000_000).padStart(6, '0')}`,
    channel: 'hotline-12345',
    receivedBy: { agency: 'sh-xuhui-jrb', user: 'wang.fang' },
    reporter: { name: '张先生', phoneMasked: '138****5621', anonymous: false },
    subject: { name: '上海某某投资咨询有限公司', uscc: '91310104MA1FL3XK2Q', region: '310104' },
    category: 'illegal-fundraising',
    summary: '群众举报该公司以高息为诱饵向老年人推销理财产品，涉嫌非法吸收公众存款。',
    amountCny: 1250000 + (n % 997),
    tags: ['高息', '老年人', '线下推介'],
  };
}

/** A NewEvent (our envelope) for the n-th event of a run. */
export function leadEvent(): NewEvent {
  const n = seq++;
  return {
    id: randomUUID(),
    type: 'LeadReceived',
    schemaVersion: 1,
    data: leadData(n),
    time: new Date(baseTime + n * 1000).toISOString(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: { agency: 'sh-xuhui-jrb', user: 'wang.fang' },
  };
}

export function leadEvents(count: number): NewEvent[] {
  return Array.from({ length: count }, leadEvent);
}
