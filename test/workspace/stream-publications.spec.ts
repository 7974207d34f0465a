/**
 * Every stream a service's relay sends to Kafka goes out through a publication
 * function of its own (docs/architecture.md, Streams and contracts): none goes
 * out as stored. Fails when a relay prefix has no publication registered in the
 * service's `<service>.publication.ts`, when a registration is hidden behind an
 * earlier, shorter prefix, or when the service does not start its relay with it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SERVICE_STREAM_PREFIXES, ServiceName } from '@jm/bus';
import { CASES_PUBLISHED_STREAMS } from '../../services/cases/src/cases.publication';
import { CONSOLE_PUBLISHED_STREAMS } from '../../services/console/src/console.publication';
import { INTAKE_PUBLISHED_STREAMS } from '../../services/intake/src/intake.publication';
import { NOTIFICATIONS_PUBLISHED_STREAMS } from '../../services/notifications/src/notifications.publication';
import { REPORTING_PUBLISHED_STREAMS } from '../../services/reporting/src/reporting.publication';

const SERVICES = resolve(__dirname, '..', '..', 'services');

const REGISTERED: Record<ServiceName, { constant: string; prefixes: readonly string[] }> = {
  intake: { constant: 'INTAKE_PUBLICATION', prefixes: INTAKE_PUBLISHED_STREAMS.map(([prefix]) => prefix) },
  cases: { constant: 'CASES_PUBLICATION', prefixes: CASES_PUBLISHED_STREAMS.map(([prefix]) => prefix) },
  notifications: { constant: 'NOTIFICATIONS_PUBLICATION', prefixes: NOTIFICATIONS_PUBLISHED_STREAMS.map(([prefix]) => prefix) },
  reporting: { constant: 'REPORTING_PUBLICATION', prefixes: REPORTING_PUBLISHED_STREAMS.map(([prefix]) => prefix) },
  console: { constant: 'CONSOLE_PUBLICATION', prefixes: CONSOLE_PUBLISHED_STREAMS.map(([prefix]) => prefix) },
};

describe.each(Object.keys(SERVICE_STREAM_PREFIXES) as ServiceName[])(
  'the %s relay publishes every stream through a publication function',
  (service) => {
    const { constant, prefixes } = REGISTERED[service];

    it('has one for every stream prefix it sends', () => {
      const asStored = SERVICE_STREAM_PREFIXES[service].filter((relayPrefix) => !prefixes.some((prefix) => relayPrefix.startsWith(prefix)));
      expect(asStored).toEqual([]);
    });

    it('reaches each one: no registration comes after a shorter prefix that already matches its streams', () => {
      const hidden = prefixes.filter((prefix, i) => prefixes.slice(0, i).some((earlier) => prefix.startsWith(earlier)));
      expect(hidden).toEqual([]);
    });

    it('starts its relay with them', () => {
      const main = readFileSync(resolve(SERVICES, service, 'src', 'main.ts'), 'utf8');
      expect(main).toMatch(new RegExp(`publication: ${constant}\\b`));
    });
  },
);
