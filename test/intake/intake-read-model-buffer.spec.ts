/**
 * The lead read model buffers a consumer transaction's writes and writes them
 * before the commit (lead-read-model.buffer.ts). Applying a run of events in
 * one transaction must leave the same rows as applying them one by one, also
 * when a run changes a lead it has not received (the statement runs at the
 * flush, before later upserts) or receives a lead after changing it.
 */
import { randomUUID } from 'node:crypto';
import { inTransaction, transactionScope } from '@jm/bus';
import { LeadReceivedData, toLeadStreamId } from '@jm/contracts';
import { StoredEvent } from '@jm/event-sourcing';
import { LeadReadModelProjection } from '../../services/intake/src/lead-read-model/lead-read-model.projection';
import { LeadStatusEntity, LeadSummaryEntity, LeadVisibilityEntity } from '../../services/intake/src/lead-read-model/lead-read-model.entities';
import { IntakeHarness, startIntake, streamEvents, submitAgencyLead } from './support';

describe('intake: lead read model applied as a run', () => {
  let h: IntakeHarness;
  let template: StoredEvent;
  beforeAll(async () => {
    h = await startIntake();
    const { leadId } = await submitAgencyLead(h, 'lc-market', ['unit_officer']);
    template = (await streamEvents(h, toLeadStreamId(leadId)))[0];
  });
  afterAll(async () => {
    await h.close();
  });

  const projection = new LeadReadModelProjection();
  const ev = (leadId: string, type: string, data: Record<string, unknown>): StoredEvent => ({
    ...template,
    id: randomUUID(),
    type,
    streamId: toLeadStreamId(leadId),
    data: type === 'LeadReceived' ? { ...(template.data as LeadReceivedData), leadId, ...data } : { leadId, ...data },
  });
  /** Applies the events in one transaction (one run) or one transaction each. */
  const apply = async (events: StoredEvent[], asRun: boolean): Promise<void> => {
    for (const group of asRun ? [events] : events.map((e) => [e])) {
      await inTransaction(h.db, async (manager) => {
        const { scope, flush } = transactionScope(group);
        for (const e of group) await projection.apply(e, manager, scope);
        await flush();
      });
    }
  };
  const rows = async (leadId: string) => ({
    summary: await h.db.manager.findOne(LeadSummaryEntity, { where: { leadId } }),
    status: await h.db.manager.findOne(LeadStatusEntity, { where: { leadId } }),
    visibility: await h.db.manager.find(LeadVisibilityEntity, { where: { leadId }, order: { agency: 'ASC' } }),
  });

  it('a run leaves exactly the rows that event-by-event application leaves', async () => {
    const office = (template.data as LeadReceivedData).office;
    const script = (lead: string, known: string): StoredEvent[] => [
      // A lead the run has not received yet: its change is a statement at the flush.
      ev(known, 'LeadSupplemented', {}),
      ev(lead, 'LeadReceived', {}),
      ev(lead, 'LeadLinked', {}),
      ev(lead, 'LeadReportedToOffice', { office, reportedAt: '2026-11-26T08:00:00.000Z' }),
      ev(lead, 'LeadRouted', { unit: 'lc-police', street: 'lc-st-haibin' }),
      // Changed, then received again in the same run: the receipt's upsert wins, as it would one by one.
      ev(known, 'LeadLinked', {}),
      ev(known, 'LeadReceived', {}),
      ev(known, 'LeadSupplemented', {}),
    ];
    const [runLead, runKnown, oneLead, oneKnown] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    // Both "known" leads exist before, with a status a later receipt must not reset.
    await apply([ev(runKnown, 'LeadReceived', {}), ev(runKnown, 'LeadRouted', { unit: 'lc-market' })], false);
    await apply([ev(oneKnown, 'LeadReceived', {}), ev(oneKnown, 'LeadRouted', { unit: 'lc-market' })], false);

    await apply(script(runLead, runKnown), true);
    await apply(script(oneLead, oneKnown), false);

    const strip = (r: Awaited<ReturnType<typeof rows>>, id: string) => JSON.parse(JSON.stringify(r).split(id).join('<lead>'));
    const [run, one] = [strip(await rows(runLead), runLead), strip(await rows(oneLead), oneLead)];
    expect(run).toEqual(one);
    expect(run.summary).toMatchObject({ links: 1, supplements: 0, reportedAt: '2026-11-26T08:00:00.000Z' });
    expect(run.status).toMatchObject({ status: 'processing' });
    const [runK, oneK] = [strip(await rows(runKnown), runKnown), strip(await rows(oneKnown), oneKnown)];
    expect(runK).toEqual(oneK);
    expect(runK.summary).toMatchObject({ links: 0, supplements: 1 });
    expect(runK.status).toMatchObject({ status: 'processing' });
  });
});
