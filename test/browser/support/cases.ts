/**
 * Casework the stories need as data, set up through the console's API (the
 * lifecycle story clicks the same steps): a street's lead, routed by the
 * office, verified as founded by the unit the rules pick; its case opens.
 */
import { expect } from '@playwright/test';
import { apiAs } from './accounts';
import { PEOPLE } from './people';

export interface CaseSetup {
  title: string;
  field?: string;
  category?: string;
}

/** A founded lead of Haibin street (pension: routed to the social-affairs centre): its case id. */
export async function openCase({ title, field = 'pension', category = 'illegal_fundraising' }: CaseSetup): Promise<string> {
  const street = await apiAs(PEOPLE.street.username);
  const lead = await street.api.post('/api/intake/leads', {
    headers: { 'x-csrf-token': await street.csrf() },
    data: {
      title,
      description: '网格员走访发现该机构以预售床位名义吸收资金。',
      category,
      field,
      street: 'lc-st-haibin',
      source: 'grid_worker',
      channel: 'agency_system',
      reportToOffice: true,
    },
  });
  expect(lead.status(), await lead.text()).toBeLessThan(300);
  const { leadId } = (await lead.json()) as { leadId: string };
  const office = await apiAs(PEOPLE.office.username);
  // Cases learns of the lead over the bus.
  await expect
    .poll(
      async () =>
        (await office.api.post(`/api/cases/triage/${leadId}/route`, { headers: { 'x-csrf-token': await office.csrf() }, data: {} })).status(),
      {
        timeout: 30_000,
      },
    )
    .toBeLessThan(300);
  const unit = await apiAs(PEOPLE.unit.username);
  const headers = { 'x-csrf-token': await unit.csrf() };
  expect((await unit.api.post(`/api/cases/triage/${leadId}/verification`, { headers })).status()).toBeLessThan(300);
  const founded = await unit.api.post(`/api/cases/triage/${leadId}/feedback`, { headers, data: { outcome: 'founded' } });
  expect(founded.status(), await founded.text()).toBeLessThan(300);
  const { caseId } = (await founded.json()) as { caseId: string };
  for (const client of [street, office, unit]) await client.api.dispose();
  return caseId;
}
