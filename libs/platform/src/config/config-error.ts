/** What is wrong with one environment variable, in words a person can act on. */
export interface ConfigIssue {
  variable: string;
  /** The value as given (secrets redacted); undefined when the variable is not set. */
  given: string | undefined;
  /** What the variable accepts. */
  allowed: string;
}

/**
 * Thrown by loadConfig when the environment is not a valid configuration. It
 * names every bad variable at once, so a person fixes them in one go instead of
 * one restart per mistake.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly service: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(formatIssues(service, issues));
  }
}

function formatIssues(service: string, issues: readonly ConfigIssue[]): string {
  const noun = issues.length === 1 ? 'variable' : 'variables';
  const lines = issues.map(
    (issue) => `  - ${issue.variable}: ${issue.given === undefined ? 'not set' : `given ${JSON.stringify(issue.given)}`}; allowed: ${issue.allowed}`,
  );
  return [
    `Invalid configuration for service "${service}" (${issues.length} bad ${noun}):`,
    ...lines,
    'See docs/configuration.md for every variable and its default.',
  ].join('\n');
}
