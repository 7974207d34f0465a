/**
 * The libraries keep only what is published: no stream's domain state, evolve,
 * event union or schema versions (they live in the owning service's stream
 * folder). Fails when one of them is moved back into a library.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as bus from '@jm/bus';
import * as contracts from '@jm/contracts';
import * as eventSourcing from '@jm/event-sourcing';
import * as platform from '@jm/platform';
import * as readModel from '@jm/read-model';
import * as reference from '@jm/reference';
import { sourceFiles as walkSources } from '@jm/testing';

const LIBS = resolve(__dirname, '..', '..', 'libs');
const BARRELS: Record<string, object> = { bus, contracts, 'event-sourcing': eventSourcing, platform, 'read-model': readModel, reference };

/** Runtime names of domain parts: evolve functions, initial states, a stream's schema version table or full type list. */
const DOMAIN_VALUE = /^evolve[A-Z]|^initial\w*State$|_EVENT_SCHEMA_VERSIONS$|^CASE_STREAM_EVENT_TYPES$/;
/** Declarations of domain parts: a DomainEvent type, a `…State` type, an evolve function. */
const DOMAIN_DECLARATION = /DomainEvent<'|export type \w*State\b|export (function|const) evolve[A-Z]/;

const sourceFiles = (dir: string): string[] => walkSources(dir, { skipFolders: ['testing'], specs: false });

describe('the libraries export no domain types', () => {
  it.each(Object.keys(BARRELS))('@jm/%s exports no evolve, initial state or schema version table of a stream', (lib) => {
    const names = Object.keys(BARRELS[lib]);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => DOMAIN_VALUE.test(name))).toEqual([]);
    expect(names).not.toContain('evolveCase');
  });

  it('declares no domain event, state or evolve in their sources', () => {
    const files = sourceFiles(LIBS);
    expect(files.length).toBeGreaterThan(50);
    const offending = files.filter((path) => DOMAIN_DECLARATION.test(readFileSync(path, 'utf8')));
    expect(offending).toEqual([]);
  });
});
