/**
 * The dynamic risk ledger's pure evolve (动态管理台账): one row per case,
 * the case's contract events folded into its published summary
 * (`foldCaseSummary`, the fold the cases decider builds on, kept as JSON in
 * `state`) plus what reporting adds up over the case's life:
 * amounts in fen (frozen, fined, refunded, recovered, claimed), claimants and
 * petitions, the police transfer and its outcome, the other regions with
 * parties, and every unit ever involved (",a,b," for scoping with LIKE).
 *
 * Columns that restate the case state (status, units assigned, flags, grade,
 * nature…) are derived from it in `riskLedgerRow`; the rest accumulate per
 * event. The case stream is one ordered stream, so an event at or below the
 * row's version is a redelivery and changes nothing.
 *
 * The case's aftermath register (`aftermath-<caseId>`, aftermath-register.projection.ts)
 * is folded into the same row with its own version (`register_version`): its
 * totals, and over the legacy counts of each kind of entry it holds. The two
 * streams may reach reporting in either order on Kafka: a register event before
 * the case's CaseOpened makes a row of the register alone (status `none`,
 * nothing else known), which CaseOpened then completes.
 */
import {
  AFTERMATH_CONTRACT_EVENT_TYPES,
  AFTERMATH_STREAM_PREFIX,
  CASE_CONTRACT_EVENT_TYPES,
  CASE_STREAM_PREFIX,
  CaseEventBody,
  CaseSummary,
  decodeCaseEvent,
  foldCaseSummary,
  initialCaseSummary,
} from '@jm/contracts';
import { assertNever, ProjectionEvent } from '@jm/event-sourcing';
import { regionContains } from '@jm/reference';
import type { RiskLedgerRow } from '../read-model/read-model.tables';
import { applyRegister, copyRegister, emptyRegister, foldRegister, isRegisterStream, RegisterFold } from './aftermath-register.projection';
import { companiesOf, fenOf, isLaterEvent } from './lead-ledger.projection';

// Read once (see lead-ledger.projection.ts): the library barrels' re-export getters cost in a large fold.
const CASE_PREFIX = CASE_STREAM_PREFIX;
const AFTERMATH_PREFIX = AFTERMATH_STREAM_PREFIX;
const decodeCase = decodeCaseEvent;
const foldCase = foldCaseSummary;

/** The published event types the risk ledger reads: every type of the case stream and of its aftermath register. */
export const RISK_LEDGER_EVENT_TYPES: readonly string[] = [...CASE_CONTRACT_EVENT_TYPES, ...AFTERMATH_CONTRACT_EVENT_TYPES];
const contains = regionContains;

/** The row as the fold carries it: the case state as an object, serialised only when written. */
export interface RiskLedgerDraft {
  row: RiskLedgerRow;
  caseState: CaseSummary;
  /** The aftermath register's fold, once the case has one. */
  register?: RegisterFold;
}

/** The case of a case-<id> or aftermath-<id> stream. */
export function caseIdOfStream(streamId: string): string | undefined {
  if (streamId.startsWith(CASE_PREFIX)) return streamId.slice(CASE_PREFIX.length);
  return streamId.startsWith(AFTERMATH_PREFIX) ? streamId.slice(AFTERMATH_PREFIX.length) : undefined;
}

const splitList = (value: string): string[] => value.split(',').filter((x) => x !== '');

/** ",a,b," of the sorted union: one LIKE '%,code,%' finds a unit. */
function unitsWith(units: string, added: ReadonlyArray<string | undefined>): string {
  const set = new Set(splitList(units));
  for (const unit of added) if (unit) set.add(unit);
  return set.size === 0 ? '' : `,${[...set].sort().join(',')},`;
}

/** A region is "other" when neither it nor the case's region contains the other. */
function isOtherRegion(jurisdiction: string, region: string | undefined): region is string {
  return !!region && /^\d{6}$/.test(region) && !contains(region, jurisdiction) && !contains(jurisdiction, region);
}

function crossRegionsWith(current: string, jurisdiction: string, regions: ReadonlyArray<string | undefined>): string {
  const set = new Set(splitList(current));
  for (const region of regions) if (isOtherRegion(jurisdiction, region)) set.add(region);
  return [...set].sort().join(',');
}

const addFen = (total: number, yuan: string | undefined): number => total + (fenOf(yuan) ?? 0);

function openedDraft(event: ProjectionEvent, opened: Extract<CaseEventBody, { type: 'CaseOpened' }>): RiskLedgerDraft {
  const d = opened.data;
  const caseState = foldCase(initialCaseSummary(), opened);
  const row: RiskLedgerRow = {
    ...emptyRiskRow(d.caseId),
    caseNo: d.caseNo,
    title: d.title,
    status: caseState.status,
    category: d.category,
    field: d.field,
    jurisdiction: d.jurisdiction,
    street: d.street ?? null,
    office: d.office,
    leadUnit: d.leadUnit,
    cooperatingUnits: d.cooperatingUnits.join(','),
    units: unitsWith('', [d.leadUnit, ...d.cooperatingUnits, d.street]),
    companies: companiesOf(d.subjects),
    amountInvolvedFen: fenOf(d.amountYuan),
    participants: d.participants ?? null,
    leadCount: d.leadIds.length,
    crossRegions: crossRegionsWith(
      '',
      d.jurisdiction,
      d.subjects.map((s) => s.region),
    ),
    openedAt: event.time,
    lastEventType: event.type,
    lastEventAt: event.time,
    lastEventId: event.id,
    version: event.streamVersion,
  };
  return { row, caseState };
}

/** A case's row before anything is known of it (status none, every column empty): what every row starts from. */
function emptyRiskRow(caseId: string): RiskLedgerRow {
  return {
    caseId,
    caseNo: '',
    title: '',
    status: 'none',
    writtenOff: false,
    category: '',
    field: '',
    jurisdiction: '',
    street: null,
    office: '',
    leadUnit: '',
    cooperatingUnits: '',
    units: '',
    riskGrade: null,
    keyFlags: '',
    keyCase: false,
    companies: null,
    amountInvolvedFen: null,
    amountFrozenFen: 0,
    amountFinedFen: 0,
    amountRefundedFen: 0,
    amountRecoveredFen: 0,
    amountClaimedFen: 0,
    participants: null,
    claimants: 0,
    petitions: 0,
    petitioners: 0,
    leadCount: 0,
    nature: null,
    determinedAt: null,
    determinedBy: null,
    transferStatus: null,
    police: null,
    transferredAt: null,
    transferDeadline: null,
    policeFiledOn: null,
    crossRegions: '',
    crossProvince: false,
    openedAt: '',
    closedAt: null,
    writtenOffAt: null,
    lastEventType: '',
    lastEventAt: '',
    lastEventId: '',
    version: -1,
    state: '',
    registerVersion: null,
    register: null,
    registerPersons: null,
    personsRefunded: null,
    petitionsOpen: null,
    petitionsClosed: null,
  };
}

/** A case known only by its register so far (its CaseOpened not read yet): the empty row, status none. */
function registerOnlyDraft(caseId: string): RiskLedgerDraft {
  return { row: emptyRiskRow(caseId), caseState: initialCaseSummary() };
}

/** One event of the case's aftermath-<id> stream: the draft it gives, or undefined for a version the draft holds already. */
function stepRegister(draft: RiskLedgerDraft | undefined, caseId: string, event: ProjectionEvent, copy: boolean): RiskLedgerDraft | undefined {
  if (draft && event.streamVersion <= (draft.row.registerVersion ?? -1)) return undefined;
  const base = draft ?? registerOnlyDraft(caseId);
  const row = copy && draft ? { ...draft.row } : base.row;
  const register = base.register ? (copy ? copyRegister(base.register) : base.register) : emptyRegister();
  foldRegister(register, event);
  const later = isLaterEvent(row, event);
  row.registerVersion = event.streamVersion;
  applyRegister(row, register);
  if (later) {
    row.lastEventType = event.type;
    row.lastEventAt = event.time;
    row.lastEventId = event.id;
  }
  if (copy) return { row, caseState: base.caseState, register };
  base.register = register;
  return base;
}

/** The opened case's draft with what a register-only draft held (its register, and its last event if later). */
function withRegisterOf(opened: RiskLedgerDraft, registerOnly: RiskLedgerDraft | undefined): RiskLedgerDraft {
  if (!registerOnly?.register) return opened;
  const row = opened.row;
  const earlier = registerOnly.row;
  row.registerVersion = earlier.registerVersion;
  opened.register = copyRegister(registerOnly.register);
  applyRegister(row, opened.register);
  if (!isLaterEvent(earlier, { time: row.lastEventAt, id: row.lastEventId } as ProjectionEvent)) {
    row.lastEventType = earlier.lastEventType;
    row.lastEventAt = earlier.lastEventAt;
    row.lastEventId = earlier.lastEventId;
  }
  return opened;
}

/** What reporting adds up from one event beyond the case state, written into `row`. */
function accumulate(row: RiskLedgerRow, event: ProjectionEvent, e: CaseEventBody): void {
  switch (e.type) {
    case 'CaseUnitsAssigned': {
      const d = e.data;
      row.units = unitsWith(row.units, [d.leadUnit, ...d.cooperatingUnits]);
      return;
    }
    case 'JointInvestigationTeamFormed': {
      const d = e.data;
      row.units = unitsWith(row.units, [d.leader, ...d.members]);
      return;
    }
    case 'DedicatedTeamFormed':
      row.units = unitsWith(row.units, e.data.units);
      return;
    case 'FindingRecorded': {
      const d = e.data;
      if (d.participants !== undefined) row.participants = d.participants;
      return;
    }
    case 'FundsMonitoringAnswered': {
      const d = e.data;
      if (d.outcome === 'frozen') row.amountFrozenFen = addFen(row.amountFrozenFen, d.frozenAmountYuan);
      return;
    }
    case 'NatureDetermined': {
      const d = e.data;
      row.determinedAt = event.time;
      row.determinedBy = d.by;
      return;
    }
    case 'AdministrativeMeasureTaken': {
      const d = e.data;
      if (d.measure === 'penalty') row.amountFinedFen = addFen(row.amountFinedFen, d.amountYuan);
      else if (d.measure === 'supervised_refund') row.amountRefundedFen = addFen(row.amountRefundedFen, d.amountYuan);
      return;
    }
    case 'TransferredToPolice': {
      const d = e.data;
      row.transferStatus = 'pending';
      row.police = d.police;
      row.transferredAt = event.time;
      row.transferDeadline = d.deadline;
      row.policeFiledOn = null;
      row.units = unitsWith(row.units, [d.police]);
      return;
    }
    case 'TransferAcceptedByPolice': {
      const d = e.data;
      row.transferStatus = 'accepted';
      row.police = d.police;
      row.policeFiledOn = d.filedOn;
      row.units = unitsWith(row.units, [d.police]);
      return;
    }
    case 'TransferDeclinedByPolice':
      row.transferStatus = 'declined';
      return;
    case 'FundsRecovered': {
      const d = e.data;
      row.amountRecoveredFen = addFen(row.amountRecoveredFen, d.amountYuan);
      return;
    }
    case 'VictimClaimsRecorded': {
      const d = e.data;
      row.claimants = row.claimants + d.claimants;
      row.amountClaimedFen = addFen(row.amountClaimedFen, d.amountYuan);
      return;
    }
    case 'PetitionRecorded': {
      const d = e.data;
      row.petitions = row.petitions + 1;
      row.petitioners = row.petitioners + d.petitioners;
      return;
    }
    case 'CrossRegionPartyNotified': {
      const d = e.data;
      row.crossRegions = crossRegionsWith(row.crossRegions, row.jurisdiction, [d.region, d.party.region]);
      return;
    }
    case 'CaseClosed':
      row.closedAt = event.time;
      return;
    case 'RiskWrittenOff':
      row.writtenOffAt = event.time;
      return;
    case 'CaseReopened':
      row.closedAt = null;
      row.writtenOffAt = null;
      return;
    // The case summary holds what these change; nothing to add up.
    case 'CaseOpened':
    case 'LeadAttachedToCase':
    case 'FundsMonitoringRequested':
    case 'DeterminationRequested':
    case 'DeterminationOpinionIssued':
    case 'ReferredToDistrictMeeting':
    case 'EscalatedToCityMeeting':
    case 'MeetingDecisionApplied':
    case 'DecisionReceivedFromCity':
    case 'ProsecutionRecorded':
    case 'JudgmentRecorded':
    case 'FundsRefundCompleted':
    case 'CriminalCaseConcluded':
    case 'TwoYearLimitExempted':
    case 'StabilityRiskAssessed':
    case 'RiskGradeChanged':
    case 'KeyCaseFlagSet':
    case 'KeyCaseFlagCleared':
    case 'LeaderInstructionRecorded':
    case 'LeaderTookCharge':
    case 'ClosureRequested':
    case 'ClosureRejected':
      return;
    default:
      assertNever(e, 'case event');
  }
}

/**
 * One event of a case-<id> stream: the draft it gives, or undefined when the
 * event changes nothing (another stream's, a case not opened yet, a version
 * the draft holds already). `copy` false changes `draft` itself (a draft only
 * the caller holds); true leaves it as it is.
 */
function stepRiskDraft(draft: RiskLedgerDraft | undefined, event: ProjectionEvent, copy: boolean): RiskLedgerDraft | undefined {
  const caseId = caseIdOfStream(event.streamId);
  if (!caseId) return undefined;
  if (isRegisterStream(event.streamId)) return stepRegister(draft, caseId, event, copy);
  if (!draft || draft.caseState.status === 'none') {
    if (event.type !== 'CaseOpened') return undefined;
    const opened = decodeCase(event);
    return opened.type === 'CaseOpened' ? withRegisterOf(openedDraft(event, opened), draft) : undefined;
  }
  if (event.streamVersion <= draft.row.version) return undefined;
  const e = decodeCase(event);
  const caseState = foldCase(draft.caseState, e);
  const row = copy ? { ...draft.row } : draft.row;
  // Judged before the event is written in: (time, id) of the row's last event as it was.
  const later = isLaterEvent(row, event);
  accumulate(row, event, e);
  // The register's totals stay over the legacy counts of the kinds it holds.
  if (draft.register) applyRegister(row, draft.register);
  row.version = event.streamVersion;
  if (later) {
    row.lastEventType = event.type;
    row.lastEventAt = event.time;
    row.lastEventId = event.id;
  }
  if (copy) return { caseState, row, ...(draft.register ? { register: draft.register } : {}) };
  draft.caseState = caseState;
  return draft;
}

/** The draft after one event of a case-<id> stream (pure); undefined until the case is opened. */
export function evolveRiskDraft(draft: RiskLedgerDraft | undefined, event: ProjectionEvent): RiskLedgerDraft | undefined {
  return stepRiskDraft(draft, event, true) ?? draft;
}

/**
 * The same step for a draft only the caller holds (the rebuild's fold): its
 * row is written in place. Returns the draft (a new one on CaseOpened), or
 * undefined when the event changes nothing.
 */
export function foldRiskDraft(draft: RiskLedgerDraft | undefined, event: ProjectionEvent): RiskLedgerDraft | undefined {
  return stepRiskDraft(draft, event, false);
}

/**
 * A record another deployment's case has here (a city's record of a district's escalation: its facts name an
 * origin). Its events are not this deployment's facts: the origin counts the case, in the figures it reports
 * up (docs/federation-reporting.md), so the city's tables would count it twice.
 */
export function isRecordOfAnotherDeployment(state: CaseSummary | undefined): boolean {
  return state !== undefined && state.status !== 'none' && state.facts.origin !== undefined;
}

/** The row to store: the columns that restate the case state come from it, the state as JSON. */
export function riskLedgerRow(draft: RiskLedgerDraft): RiskLedgerRow {
  const state = draft.caseState;
  const register = draft.register ? JSON.stringify(draft.register) : null;
  if (state.status === 'none') return { ...draft.row, register, state: JSON.stringify(state) };
  const facts = state.facts;
  const row = draft.row;
  const keyFlags = [...facts.keyFlags].sort();
  const crossProvince = splitList(row.crossRegions).some((region) => region.slice(0, 2) !== facts.jurisdiction.slice(0, 2));
  return {
    ...row,
    caseNo: facts.caseNo,
    title: facts.title,
    status: state.status,
    writtenOff: state.status === 'closed' && state.writtenOff,
    category: facts.category,
    field: facts.field,
    jurisdiction: facts.jurisdiction,
    street: facts.street ?? null,
    office: facts.office,
    leadUnit: facts.leadUnit,
    cooperatingUnits: facts.cooperatingUnits.join(','),
    riskGrade: facts.riskGrade ?? null,
    keyFlags: keyFlags.join(','),
    keyCase: keyFlags.length > 0,
    amountInvolvedFen: fenOf(facts.amountYuan),
    leadCount: facts.leadIds.length,
    nature: facts.nature?.conclusion ?? null,
    determinedBy: facts.nature?.by ?? null,
    determinedAt: facts.nature ? row.determinedAt : null,
    crossProvince,
    state: JSON.stringify(state),
    register,
  };
}

export function riskDraftOf(row: RiskLedgerRow): RiskLedgerDraft {
  const caseState = JSON.parse(row.state) as CaseSummary;
  return row.register ? { row, caseState, register: JSON.parse(row.register) as RegisterFold } : { row, caseState };
}

/** The row after one event (pure): the draft's evolve between the stored form and back. */
export function evolveRiskLedger(row: RiskLedgerRow | undefined, event: ProjectionEvent): RiskLedgerRow | undefined {
  const draft = row ? riskDraftOf(row) : undefined;
  const next = evolveRiskDraft(draft, event);
  if (!next) return undefined;
  return next === draft ? row : riskLedgerRow(next);
}
