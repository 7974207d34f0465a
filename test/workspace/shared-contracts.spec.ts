/**
 * libs/shared keeps only what is published: no stream's domain state, evolve,
 * event union or schema versions (they live in the owning service's stream
 * folder). Fails when one of them is moved back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as shared from '@jm/shared';

const SHARED_SRC = resolve(__dirname, '..', '..', 'libs', 'shared', 'src');

/** Runtime names of domain parts: evolve functions, initial states, a stream's schema version table or full type list. */
const DOMAIN_VALUE = /^evolve[A-Z]|^initial\w*State$|_EVENT_SCHEMA_VERSIONS$|^CASE_STREAM_EVENT_TYPES$/;
/** Declarations of domain parts: a DomainEvent type, a `…State` type, an evolve function. */
const DOMAIN_DECLARATION = /DomainEvent<'|export type \w*State\b|export (function|const) evolve[A-Z]/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('@jm/shared exports no domain types', () => {
  it('exports no evolve, initial state or schema version table of a stream', () => {
    expect(Object.keys(shared).filter((name) => DOMAIN_VALUE.test(name))).toEqual([]);
    expect(Object.keys(shared)).not.toContain('evolveCase');
  });

  it('declares no domain event, state or evolve in its sources', () => {
    const offending = sourceFiles(SHARED_SRC).filter((path) => DOMAIN_DECLARATION.test(readFileSync(path, 'utf8')));
    expect(offending).toEqual([]);
  });
});
