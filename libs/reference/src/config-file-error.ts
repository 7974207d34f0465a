/**
 * A configuration file (agency registry, routing rules, deadline policies, a
 * holiday year, notification channels) that breaks its rules: every problem
 * at once, each naming where and what is allowed, under the file's name.
 * Each file has its own subclass with its stable error code.
 */
export class ConfigFileError extends Error {
  constructor(
    readonly code: string,
    what: string,
    readonly source: string,
    readonly problems: string[],
    verb: 'is' | 'are' = 'is',
  ) {
    super(`${what} ${source} ${verb} invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = new.target.name;
  }
}
