/**
 * One folder shape in every service (docs/architecture.md, "Where to find a command"):
 * a stream's folder holds its decider with the events and the decider's spec beside it,
 * and a stream's API lives in its stream's folder (or, serving several streams, in the
 * capability folder above them), never in an API folder of its own. Probe trees prove
 * each check fails on what it forbids.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { sourceFiles } from '@jm/testing';
import { withTree } from './support/probe-tree';

const ROOT = resolve(__dirname, '..', '..');
/** A folder that names itself an API (`api/`, `case-api/`): an API apart from its stream. */
const API_FOLDER = /^(.+-)?api$/;

/**
 * Streams that record facts with no decision to make, so no decider: each with its reason.
 * A listed file that is gone is reported too, so the list stays true.
 */
const RECORD_STREAMS: Record<string, string> = {
  'services/reporting/src/audit/audit-anchor.events.ts': 'the anchor job appends the hash heads it read (takeAnchor); nothing is decided',
};

/** The folders under each service's src/ (root-relative, with `/`). */
function folders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules')
    .flatMap((entry) => [join(dir, entry.name), ...folders(join(dir, entry.name))]);
}

/** What breaks the shape under `root`/services, one line each. */
function layoutProblems(root: string): string[] {
  const services = resolve(root, 'services');
  const rel = (path: string) => relative(root, path).split('\\').join('/');
  const problems: string[] = [];
  const files = sourceFiles(services);
  const inFolder = (folder: string) => files.filter((file) => dirname(file) === folder).map((file) => basename(file));
  for (const decider of files.filter((file) => file.endsWith('.decider.ts'))) {
    const beside = inFolder(dirname(decider));
    if (!beside.includes(basename(decider).replace(/\.ts$/, '.spec.ts'))) problems.push(`${rel(decider)}: no decider spec beside it`);
    // A stream's events sit in <stream>.events.ts beside the decider, or, for a stream of one event, in the decider itself.
    if (!beside.some((name) => name.endsWith('.events.ts')) && !readFileSync(decider, 'utf8').includes("DomainEvent<'"))
      problems.push(`${rel(decider)}: no events beside it`);
  }
  for (const listed of Object.keys(RECORD_STREAMS))
    if (root === ROOT && !files.some((file) => rel(file) === listed)) problems.push(`${listed}: listed as a record stream but not found`);
  for (const events of files.filter((file) => file.endsWith('.events.ts'))) {
    if (RECORD_STREAMS[rel(events)]) continue;
    if (!inFolder(dirname(events)).some((name) => name.endsWith('.decider.ts'))) problems.push(`${rel(events)}: no decider beside it`);
  }
  // Each service's src/ only: the console's web app (services/console/web) is browser code with its generated API types.
  const sources = readdirSync(services)
    .map((service) => join(services, service, 'src'))
    .filter((src) => existsSync(src));
  for (const folder of sources.flatMap(folders).filter((path) => API_FOLDER.test(basename(path))))
    problems.push(`${rel(folder)}/: an API folder apart from its stream`);
  return problems.sort();
}

describe('the folder shape of the services', () => {
  it('given every service, then each stream folder holds its decider, events and decider spec, and no API sits apart from its stream', () => {
    const streams = sourceFiles(resolve(ROOT, 'services')).filter((file) => file.endsWith('.decider.ts'));
    expect(streams.length).toBeGreaterThanOrEqual(9);
    expect(layoutProblems(ROOT)).toEqual([]);
  });

  it('given probe trees, then a stream folder without its events or spec, events without a decider and an API folder are each reported', () => {
    const problems = withTree(
      {
        'services/probe/src/fine/fine.decider.ts': 'export const decide = () => [];\n',
        'services/probe/src/fine/fine.events.ts': "export type FineEvent = DomainEvent<'FineDone', {}>;\n",
        'services/probe/src/fine/fine.decider.spec.ts': '',
        'services/probe/src/small/small.decider.ts': "export type SmallEvent = DomainEvent<'SmallDone', {}>;\n",
        'services/probe/src/small/small.decider.spec.ts': '',
        'services/probe/src/untested/untested.decider.ts': '',
        'services/probe/src/untested/untested.events.ts': '',
        'services/probe/src/eventless/eventless.decider.ts': 'export const decide = () => [];\n',
        'services/probe/src/eventless/eventless.decider.spec.ts': '',
        'services/probe/src/orphan/orphan.events.ts': '',
        'services/probe/src/case-api/case.controller.ts': '',
        'services/probe/src/deadlines/api/deadlines.controller.ts': '',
      },
      layoutProblems,
    );
    expect(problems).toEqual([
      'services/probe/src/case-api/: an API folder apart from its stream',
      'services/probe/src/deadlines/api/: an API folder apart from its stream',
      'services/probe/src/eventless/eventless.decider.ts: no events beside it',
      'services/probe/src/orphan/orphan.events.ts: no decider beside it',
      'services/probe/src/untested/untested.decider.ts: no decider spec beside it',
    ]);
  });
});
