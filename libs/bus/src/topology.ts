/**
 * Which service owns which streams, and the versioned topic each service's
 * events go out on. One place, so relays and consumers agree.
 */
export const SERVICES = ['intake', 'cases', 'notifications', 'reporting', 'console'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Stream id prefixes owned by each service (architecture.md: lead-… belong to intake, case-… to cases). */
export const SERVICE_STREAM_PREFIXES: Record<ServiceName, string[]> = {
  intake: ['lead-', 'submission-', 'access-lead-'],
  cases: ['case-', 'meeting-', 'routing-', 'aftermath-', 'negotiation-', 'access-case-', 'access-meeting-', 'access-routing-', 'access-negotiation-'],
  notifications: ['deadline-', 'notification-', 'obligation-', 'access-deadline-', 'access-obligation-'],
  reporting: ['report-', 'audit-', 'analysis-', 'access-report-', 'access-audit-'],
  // The console's accounts, agency security policies and sign-in failures of unknown names.
  console: ['account-', 'agency-security-', 'sign-in-'],
};

/**
 * Whose events each service consumes (its consumer group is its own name).
 * Cases triages what intake received, and follows notifications for the
 * statutory clocks that set a key-case flag when they run out; intake follows cases to answer an
 * informant's status query and to widen need-to-know; notifications runs
 * clocks on both; reporting projects everything. Intake and cases also follow
 * their own topic: their read models and process managers (matching a new
 * lead, a meeting decision moving a case) run from the log, never from the
 * request path. Reporting follows its own topic for the access log of its own
 * reads (who queried which ledger, what an auditor replayed). Notifications
 * follows its own topic so that channels send what the deadline engine
 * decided (reminders, misses, escalations) from the log, after it is stored.
 * Reporting follows the console's topic so that auditors see sign-ins and
 * account changes; the console itself consumes nothing.
 */
export const SERVICE_SUBSCRIPTIONS: Record<ServiceName, ServiceName[]> = {
  intake: ['intake', 'cases'],
  cases: ['intake', 'cases', 'notifications'],
  notifications: ['intake', 'cases', 'notifications'],
  reporting: ['intake', 'cases', 'notifications', 'reporting', 'console'],
  console: [],
};

export const TOPIC_VERSION = 'v1';

/**
 * `<service>.events.v1`, behind an optional namespace (KAFKA_TOPIC_PREFIX, e.g.
 * "staging.") when several environments share one Kafka cluster.
 */
export function topicFor(service: ServiceName, prefix = ''): string {
  return `${prefix}${service}.events.${TOPIC_VERSION}`;
}

export function serviceOfTopic(topic: string): ServiceName | undefined {
  const name = topic.split('.')[0];
  return (SERVICES as readonly string[]).includes(name) ? (name as ServiceName) : undefined;
}
