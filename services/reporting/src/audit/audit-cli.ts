/**
 * The audit command line (`npm run audit -- <command>`): the same timeline,
 * state, access-log, verification and anchor functions as the REST API, on
 * the event store itself. scripts/audit.ts only hands it argv, env and the
 * output streams. Exit codes: 0 done, 1 verification found problems,
 * 2 bad arguments or configuration, 3 the command failed (not found, store unreachable).
 */
import { userInfo } from 'node:os';
import { SYSTEM_AGENCY } from '@jm/contracts';
import { EventStore, NotFoundError } from '@jm/event-sourcing';
import { ConfigError } from '@jm/platform';
import { AgencyRegistry, Lang } from '@jm/reference';
import { readAccessFromStore } from './audit-access-log';
import { takeAnchor } from './audit-anchors';
import { openStore, storeSettingsFromEnv } from './audit-store-config';
import { AgencyNames, caseStateAt, rangeTimeline, streamTimeline, TimelineEntry } from './audit-timeline';
import { verifyStore } from './audit-verification';
import { STREAM_ID_PATTERN } from './audit.dto';
import { progressLine } from './audit.service';

export const EXIT = { ok: 0, problems: 1, usage: 2, failed: 3 } as const;

export const HELP = `Audit of the event store (reads the store directly).

Usage: npm run audit -- <command> [options]

Commands:
  timeline --stream <streamId>                 one stream, e.g. case-<id>, lead-<id>, routing-<id>, meeting-<id>
  timeline --from <ISO> --to <ISO> [--type T1,T2] [--agency <code>]
                                               everything in a time range
  state --case <caseId> --at <ISO>             the case as it was at that moment
  access [--resource <type>-<id>] [--agency <code>] [--user <id>] [--from <ISO>] [--to <ISO>]
                                               who read what (the access-… streams)
  verify                                       recompute every hash chain and compare with the latest anchor;
                                               progress on stderr; exit code 1 when problems are found
  anchor                                       record the head hash of every stream in audit-anchors
  help                                         this text

Options for every command:
  --lang en        English (default zh-CN)
  --json           JSON instead of text lines

Environment (as the services): EVENT_STORE=sqlite|postgres, SQLITE_PATH (default .data/events.sqlite),
PG_URL and PG_SCHEMA with postgres; AGENCY_REGISTRY_PATH (default config/agencies.json) for unit names.
Exit codes: 0 done, 1 verification problems, 2 bad arguments or configuration, 3 the command failed.
`;

const OPTIONS: Record<string, readonly string[]> = {
  timeline: ['stream', 'from', 'to', 'type', 'agency', 'lang', 'json'],
  state: ['case', 'at', 'lang', 'json'],
  access: ['resource', 'agency', 'user', 'from', 'to', 'lang', 'json'],
  verify: ['json'],
  anchor: ['json'],
  help: [],
};
const FLAGS = new Set(['json']);

class UsageError extends Error {}

export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  out: (text: string) => void;
  err: (text: string) => void;
}

type Options = Record<string, string>;

function parse(argv: string[]): { command: string; options: Options } {
  const [command = 'help', ...rest] = argv;
  const allowed = OPTIONS[command];
  if (!allowed) throw new UsageError(`unknown command "${command}"; commands: ${Object.keys(OPTIONS).join(', ')}`);
  const options: Options = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (!name || !allowed.includes(name)) {
      throw new UsageError(
        `${command}: unexpected ${JSON.stringify(arg)}; options of ${command}: ${allowed.map((o) => `--${o}`).join(' ') || 'none'}`,
      );
    }
    if (FLAGS.has(name)) options[name] = 'yes';
    else if (i + 1 >= rest.length || rest[i + 1].startsWith('--')) throw new UsageError(`${command}: --${name} needs a value`);
    else options[name] = rest[++i];
  }
  return { command, options };
}

function instant(options: Options, name: string, command: string): string {
  const value = options[name];
  if (value === undefined) throw new UsageError(`${command}: --${name} is required (an ISO-8601 instant, e.g. 2026-03-02T00:00:00Z)`);
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new UsageError(
      `${command}: --${name} ${JSON.stringify(value)} is not an ISO-8601 instant; e.g. 2026-03-02T00:00:00Z or 2026-03-02T08:00:00+08:00`,
    );
  }
  return new Date(value).toISOString();
}

function language(options: Options): Lang {
  const lang = options.lang ?? 'zh-CN';
  if (lang !== 'zh-CN' && lang !== 'en') throw new UsageError(`--lang ${JSON.stringify(lang)}: allowed zh-CN or en`);
  return lang;
}

function agencyOption(options: Options, registry: AgencyRegistry): string | undefined {
  const agency = options.agency;
  if (agency !== undefined && !registry.get(agency) && agency !== SYSTEM_AGENCY) {
    throw new UsageError(
      `--agency ${JSON.stringify(agency)} is not in the agency registry; e.g. ${registry
        .all()
        .slice(0, 3)
        .map((a) => a.code)
        .join(', ')} (npm run token -- --list shows all)`,
    );
  }
  return agency;
}

function line(e: TimelineEntry): string {
  return `#${e.position}  ${e.timeCst}  ${e.streamId}@${e.version}  ${e.actor.agencyName} (${e.actor.user})  [${e.typeLabel}]  ${e.description}`;
}

/** Runs one command; resolves to the exit code. */
export async function runAuditCli(argv: string[], io: CliIo): Promise<number> {
  let parsed: { command: string; options: Options };
  let registry: AgencyRegistry;
  let store: EventStore | undefined;
  try {
    parsed = parse(argv);
    if (parsed.command === 'help') {
      io.out(HELP);
      return EXIT.ok;
    }
    registry = AgencyRegistry.fromFile(io.env.AGENCY_REGISTRY_PATH || 'config/agencies.json');
    const settings = storeSettingsFromEnv(io.env);
    validate(parsed, registry);
    store = await openStore(settings);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.err(`audit: ${error.message}\n${error instanceof UsageError ? 'Run "npm run audit -- help" for the commands and options.\n' : ''}`);
      return EXIT.usage;
    }
    io.err(`audit: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
  try {
    return await run(parsed.command, parsed.options, store, registry, io);
  } catch (error) {
    io.err(`audit: ${error instanceof NotFoundError ? error.message : `${parsed.command} failed: ${(error as Error).message}`}\n`);
    return EXIT.failed;
  } finally {
    await store.close();
  }
}

/** Every argument checked before the store is opened. */
function validate({ command, options }: { command: string; options: Options }, registry: AgencyRegistry): void {
  language(options);
  agencyOption(options, registry);
  if (command === 'timeline') {
    if (options.stream !== undefined) {
      if (['from', 'to', 'type', 'agency'].some((o) => options[o] !== undefined))
        throw new UsageError('timeline: give either --stream alone, or --from and --to (with --type and --agency if wanted)');
      if (!STREAM_ID_PATTERN.test(options.stream))
        throw new UsageError(
          `timeline: --stream ${JSON.stringify(options.stream)} is not a stream id; e.g. case-<id>, lead-<id>, routing-<id>, meeting-<id>, access-<type>-<id>, audit-anchors`,
        );
    } else {
      if (Date.parse(instant(options, 'to', command)) < Date.parse(instant(options, 'from', command)))
        throw new UsageError('timeline: --to is before --from');
      if (options.type !== undefined && !/^[A-Za-z][A-Za-z0-9]*(,[A-Za-z][A-Za-z0-9]*)*$/.test(options.type))
        throw new UsageError('timeline: --type is event type names separated by commas, e.g. CaseOpened,LeadRouted');
    }
  }
  if (command === 'state') {
    if (!options.case) throw new UsageError('state: --case <caseId> is required');
    instant(options, 'at', command);
  }
  if (command === 'access') {
    if (options.resource !== undefined && !/^[a-z][a-z0-9_]*-.+$/.test(options.resource))
      throw new UsageError(`access: --resource ${JSON.stringify(options.resource)} must be <type>-<id>, e.g. lead-<leadId> or case-<caseId>`);
    if (options.from !== undefined) instant(options, 'from', command);
    if (options.to !== undefined) instant(options, 'to', command);
  }
}

async function run(command: string, options: Options, store: EventStore, registry: AgencyRegistry, io: CliIo): Promise<number> {
  const lang = language(options);
  const names: AgencyNames = (code, l) => registry.name(code, l);
  const json = options.json !== undefined;
  const print = (value: unknown, text: () => string) => io.out(json ? `${JSON.stringify(value, null, 2)}\n` : text());
  switch (command) {
    case 'timeline': {
      const request = { page: 1, pageSize: Number.MAX_SAFE_INTEGER, lang };
      const result = options.stream
        ? await streamTimeline(store, options.stream, request, names)
        : await rangeTimeline(
            store,
            {
              from: instant(options, 'from', command),
              to: instant(options, 'to', command),
              ...(options.type ? { types: options.type.split(',') } : {}),
              ...(options.agency ? { agency: options.agency } : {}),
            },
            request,
            names,
          );
      print(result.items, () => result.items.map((e) => `${line(e)}\n`).join('') + `(${result.total} events)\n`);
      return EXIT.ok;
    }
    case 'state': {
      const s = await caseStateAt(store, options.case, instant(options, 'at', command), lang, names);
      const zh = lang === 'zh-CN';
      const l = s.labels;
      print(s, () =>
        [
          zh
            ? `案件 ${s.caseId}（${s.state.facts.caseNo}）截至 ${s.atCst}：${s.statusLabel}`
            : `Case ${s.caseId} (${s.state.facts.caseNo}) as of ${s.atCst}: ${s.statusLabel}`,
          `${zh ? '名称' : 'Title'}: ${s.state.facts.title}`,
          `${zh ? '类别' : 'Category'}: ${l.category} / ${l.field}`,
          `${zh ? '风险等级' : 'Risk grade'}: ${l.riskGrade ?? '-'}; ${zh ? '重点案件标记' : 'Key-case flags'}: ${l.keyFlags.join(', ') || '-'}; ${zh ? '性质' : 'Nature'}: ${l.nature ?? '-'}`,
          `${zh ? '牵头单位' : 'Lead unit'}: ${l.leadUnit}; ${zh ? '配合单位' : 'Cooperating'}: ${l.cooperatingUnits.join(', ') || '-'}`,
          zh
            ? `已知事件 ${s.eventsApplied} 个（此后 ${s.eventsLater} 个），最后一个：`
            : `Events known: ${s.eventsApplied} (${s.eventsLater} later); the last one:`,
          line(s.lastEvent),
          '',
        ].join('\n'),
      );
      return EXIT.ok;
    }
    case 'access': {
      const [resourceType, ...id] = options.resource?.split('-') ?? [];
      const filter = {
        ...(resourceType ? { resourceType, resourceId: id.join('-') } : {}),
        ...(options.agency ? { agency: options.agency } : {}),
        ...(options.user ? { user: options.user } : {}),
        ...(options.from ? { from: instant(options, 'from', command) } : {}),
        ...(options.to ? { to: instant(options, 'to', command) } : {}),
      };
      const rows = await readAccessFromStore(store, filter, lang, names);
      const denied = lang === 'en' ? 'REFUSED' : '被拒绝';
      print(
        rows,
        () =>
          rows
            .map(
              (r) =>
                `${r.atCst}  ${r.agencyName} (${r.userId})  ${r.resourceType}-${r.resourceId}  ${r.fields}${r.granted ? '' : `  ${denied}`}${r.purpose ? `  "${r.purpose}"` : ''}\n`,
            )
            .join('') + `(${rows.length} records)\n`,
      );
      return EXIT.ok;
    }
    case 'verify': {
      const result = await verifyStore(store, (p) => io.err(`${progressLine(p)}\n`));
      print(result, () => {
        const head = `${result.ok ? 'OK' : 'PROBLEMS FOUND'}: ${result.events} events in ${result.streams} streams verified up to position ${result.headPosition} in ${result.elapsedMs} ms (${result.eventsPerSecond} events/s); anchor: ${result.anchor ? `${result.anchor.anchorId} at ${result.anchor.at}` : 'none yet'}\n`;
        return (
          head + result.problems.map((p) => `  ${p.streamId} revision ${p.version} position ${p.position ?? '-'}: ${p.kind}: ${p.message}\n`).join('')
        );
      });
      return result.ok ? EXIT.ok : EXIT.problems;
    }
    case 'anchor': {
      const summary = await takeAnchor(store, {
        at: new Date(),
        actor: { agency: SYSTEM_AGENCY, user: `audit-cli:${safeUser()}` },
        trigger: 'cli',
        onProgress: (p) => io.err(`${progressLine(p)}\n`),
      });
      print(
        summary,
        () =>
          `anchor ${summary.anchorId}: ${summary.streams} streams, ${summary.events} events up to position ${summary.headPosition}; digest ${summary.digest}\n`,
      );
      return EXIT.ok;
    }
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

function safeUser(): string {
  try {
    return userInfo().username.replace(/[^A-Za-z0-9_.-]/g, '_') || 'unknown';
  } catch {
    return 'unknown';
  }
}
