/** A configuration file of the deadline engine (policies, a holiday year) that breaks its rules: every problem, each naming where and what is allowed. */
export class ConfigFileError extends Error {
  readonly code = 'VALIDATION_FAILED';
  constructor(
    what: string,
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${what} ${source} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigFileError';
  }
}
