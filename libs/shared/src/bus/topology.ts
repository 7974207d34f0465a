/**
 * Which service owns which streams, and the versioned topic each service's
 * events go out on. One place, so relays and consumers agree.
 */
export const SERVICES = ['intake', 'cases', 'notifications', 'reporting'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Stream id prefixes owned by each service (architecture.md: lead-… belong to intake, case-… to cases). */
export const SERVICE_STREAM_PREFIXES: Record<ServiceName, string[]> = {
  intake: ['lead-', 'submission-'],
  cases: ['case-', 'meeting-', 'routing-'],
  notifications: ['deadline-', 'notification-', 'obligation-'],
  reporting: ['report-', 'audit-'],
};

/**
 * Whose events each service consumes (its consumer group is its own name).
 * Cases triages what intake received; intake follows cases to answer an
 * informant's status query; notifications runs clocks on both; reporting
 * projects everything.
 */
export const SERVICE_SUBSCRIPTIONS: Record<ServiceName, ServiceName[]> = {
  intake: ['cases'],
  cases: ['intake'],
  notifications: ['intake', 'cases'],
  reporting: ['intake', 'cases', 'notifications'],
};

export const TOPIC_VERSION = 'v1';

/** `<service>.events.v1` */
export function topicFor(service: ServiceName): string {
  return `${service}.events.${TOPIC_VERSION}`;
}

export function serviceOfTopic(topic: string): ServiceName | undefined {
  const name = topic.split('.')[0];
  return (SERVICES as readonly string[]).includes(name) ? (name as ServiceName) : undefined;
}
