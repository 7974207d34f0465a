/**
 * Topics between deployments of the federation (docs/federation.md). Each
 * deployment's own topics and consumer groups live under its namespace
 * `<id>.`; what crosses deployments goes on topics under `fed.<sender>.`,
 * which only the sender may write:
 *   fed.<from>.to.<to>.v1   messages from one deployment to another, read only by the addressee
 *   fed.<from>.anchors.v1   the sender's audit anchors, read by the deployments above it
 * All of them sit behind the environment's prefix (KAFKA_TOPIC_PREFIX, e.g.
 * "staging." or a test's own) when environments share a cluster. A message
 * names its sender in its topic; receivers believe the topic (ACLs), not the message.
 */
export const FEDERATION_TOPIC_VERSION = 'v1';

/** The namespace of a deployment's own topics and consumer groups. */
export function deploymentNamespace(deployment: string, env = ''): string {
  return `${env}${deployment}.`;
}

/** The prefix of every topic a deployment may write across the federation. */
export function federationWritePrefix(from: string, env = ''): string {
  return `${env}fed.${from}.`;
}

export function federationTopic(from: string, to: string, env = ''): string {
  return `${env}fed.${from}.to.${to}.${FEDERATION_TOPIC_VERSION}`;
}

export function anchorTopic(from: string, env = ''): string {
  return `${env}fed.${from}.anchors.${FEDERATION_TOPIC_VERSION}`;
}

/** The sender a federation topic names (`<env>fed.<from>.…`), or undefined for any other topic. */
export function federationSender(topic: string, env = ''): string | undefined {
  if (!topic.startsWith(env)) return undefined;
  const match = /^fed\.([a-z][a-z0-9]{1,15})\.(?:to\.[a-z][a-z0-9]{1,15}|anchors)\.v\d+$/.exec(topic.slice(env.length));
  return match?.[1];
}
