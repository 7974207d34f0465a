/**
 * The to-do list as a pure fold of contract events (routing, case, meeting
 * and obligation streams): an event opens items for the unit it hands work
 * to, closes the items its work settles, updates what is known of a subject
 * (case number, title, owning office) and names its hand-offs (the notices).
 * Items open and close only here, by events. Idempotent by position: a fact
 * or a close is applied only past what it already reflects, an item opens
 * once per (kind, event id). docs/worklist.md.
 */
import {
  CASE_STREAM_PREFIX,
  decodeCaseEvent,
  decodeMeetingEvent,
  decodeObligationEvent,
  decodeRoutingEvent,
  MEETING_STREAM_PREFIX,
  OBLIGATION_STREAM_PREFIX,
  ROUTING_STREAM_PREFIX,
} from '@jm/contracts';
import type { HandoffNotice } from '../channels/notice/notices';
import { TODO_KIND_SPECS, TodoKind, TodoState, TodoSubjectKind } from './worklist.kinds';

/** What the fold reads of an event (a stored event is one). */
export interface WorklistEvent {
  id: string;
  type: string;
  data: unknown;
  time: string;
  streamId: string;
  position: number;
  actor: { agency: string; user?: string };
}

export interface TodoItem {
  itemId: string;
  kind: TodoKind;
  unit: string;
  role: string | null;
  /** The person it waits for, when the event names one (none does yet). */
  assignee: string | null;
  subjectKind: TodoSubjectKind;
  subjectId: string;
  subjectNo: string | null;
  subjectTitle: string | null;
  meetingId: string | null;
  policyId: string | null;
  handedBy: string;
  handedByUser: string | null;
  handedAt: string;
  openedEvent: string;
  openedPosition: number;
  state: TodoState;
  closedAt: string | null;
  closedBy: string | null;
  closedByAgency: string | null;
}

/** What is known of a lead, case or meeting, keyed `lead:<id>`, `case:<id>`, `meeting:<id>`. */
export interface SubjectFacts {
  key: string;
  no?: string;
  title?: string;
  office?: string;
  leadUnit?: string;
  transferredBy?: string;
  closureRequestedBy?: string;
  /** The position of the last event folded in. */
  position: number;
}

export interface WorklistState {
  facts: Map<string, SubjectFacts>;
  items: Map<string, TodoItem>;
}

/** Work handed to a unit: one notice to it (the channels' HandoffNotice, its subject one of the to-do list's kinds). */
export type Handoff = HandoffNotice & { subjectKind: TodoSubjectKind };

/** The event types the fold reads (on their own streams: a type elsewhere changes nothing). */
export const WORKLIST_EVENT_TYPES = [
  'TriageOpened',
  'LeadRouted',
  'LeadFounded',
  'LeadClosedUnfounded',
  'LeadReferredUp',
  'CaseOpened',
  'CaseUnitsAssigned',
  'DeterminationRequested',
  'DeterminationOpinionIssued',
  'NatureDetermined',
  'TransferredToPolice',
  'TransferAcceptedByPolice',
  'TransferDeclinedByPolice',
  'AdministrativeMeasureTaken',
  'ReferredToDistrictMeeting',
  'EscalatedToCityMeeting',
  'DecisionReceivedFromCity',
  'ClosureRequested',
  'ClosureRejected',
  'CaseClosed',
  'CrossRegionPartyNotified',
  'MeetingScheduled',
  'CasePutOnAgenda',
  'MeetingDecisionRecorded',
  'MeetingClosed',
  'ObligationDue',
  'ObligationSubmitted',
] as const;
const READ_TYPES = new Set<string>(WORKLIST_EVENT_TYPES);

export const emptyWorklist = (): WorklistState => ({ facts: new Map(), items: new Map() });

/** What of the state an event may touch: the writer loads these facts and the open items of these subjects and meetings. */
export interface Related {
  factKeys: string[];
  subjectIds: string[];
  meetingIds: string[];
}

const data = (e: WorklistEvent) => e.data as Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

export function relatedOf(event: WorklistEvent): Related {
  const d = data(event);
  const caseId = str(d.caseId);
  const meetingId = str(d.meetingId);
  if (event.streamId.startsWith(ROUTING_STREAM_PREFIX)) {
    const leadId = str(d.leadId);
    return { factKeys: leadId ? [`lead:${leadId}`] : [], subjectIds: leadId ? [leadId] : [], meetingIds: [] };
  }
  if (event.streamId.startsWith(CASE_STREAM_PREFIX) || event.streamId.startsWith(MEETING_STREAM_PREFIX)) {
    return {
      factKeys: [...(caseId ? [`case:${caseId}`] : []), ...(meetingId ? [`meeting:${meetingId}`] : [])],
      subjectIds: caseId ? [caseId] : [],
      meetingIds: meetingId && event.type === 'MeetingClosed' ? [meetingId] : [],
    };
  }
  if (event.streamId.startsWith(OBLIGATION_STREAM_PREFIX)) {
    const id = str(d.obligationId);
    return { factKeys: [], subjectIds: id ? [id] : [], meetingIds: [] };
  }
  return { factKeys: [], subjectIds: [], meetingIds: [] };
}

interface Opening {
  kind: TodoKind;
  unit: string;
  subjectKind: TodoSubjectKind;
  subjectId: string;
  facts?: SubjectFacts;
  meetingId?: string;
  policyId?: string;
  subjectNo?: string;
  subjectTitle?: string;
}

interface Closing {
  kinds: TodoKind[];
  subjectId?: string;
  meetingId?: string;
  /** Only the items of this unit (an answer closes the transfer to the police that answered). */
  unit?: string;
}

interface Step {
  facts?: Omit<SubjectFacts, 'position'>;
  open?: Opening[];
  close?: Closing[];
  handoffs?: Handoff[];
}

/** What a decoded event of a published stream does to the to-do list; undefined: nothing. */
function stepOf(event: WorklistEvent, fact: (key: string) => SubjectFacts | undefined): Step | undefined {
  const by = event.actor.agency;
  const { streamId } = event;
  if (streamId.startsWith(ROUTING_STREAM_PREFIX)) {
    const e = decodeRoutingEvent(event);
    const leadId = e.data.leadId;
    const lead = fact(`lead:${leadId}`);
    const subject = { subjectKind: 'lead' as const, subjectId: leadId, subjectNo: lead?.no, subjectTitle: lead?.title, from: by };
    switch (e.type) {
      case 'TriageOpened':
        return { facts: { key: `lead:${leadId}`, no: e.data.summary?.receiptNo, title: e.data.summary?.title, office: e.data.office } };
      case 'LeadRouted':
        return {
          close: [{ kinds: ['lead_verification'], subjectId: leadId }],
          open: [{ kind: 'lead_verification', unit: e.data.unit, subjectKind: 'lead', subjectId: leadId, facts: lead }],
          handoffs: [{ template: 'handoff_lead_routed', to: e.data.unit, ...subject }],
        };
      case 'LeadFounded':
      case 'LeadClosedUnfounded':
      case 'LeadReferredUp':
        return { close: [{ kinds: ['lead_verification'], subjectId: leadId }] };
      default:
        return undefined;
    }
  }
  if (streamId.startsWith(CASE_STREAM_PREFIX)) {
    const e = decodeCaseEvent(event);
    const caseId = e.data.caseId;
    const key = `case:${caseId}`;
    const known = fact(key);
    const subject = { subjectKind: 'case' as const, subjectId: caseId, subjectNo: known?.no, subjectTitle: known?.title, from: by };
    const open = (kind: TodoKind, unit: string | undefined): Opening[] =>
      unit ? [{ kind, unit, subjectKind: 'case', subjectId: caseId, facts: known }] : [];
    const close = (...kinds: TodoKind[]): Closing[] => [{ kinds, subjectId: caseId }];
    switch (e.type) {
      case 'CaseOpened':
        return { facts: { key, no: e.data.caseNo, title: e.data.title, office: e.data.office, leadUnit: e.data.leadUnit } };
      case 'CaseUnitsAssigned':
        return { facts: { ...known, key, leadUnit: e.data.leadUnit } };
      case 'DeterminationRequested':
        return {
          open: open('determination', e.data.authority),
          handoffs: [{ template: 'handoff_determination_requested', to: e.data.authority, ...subject }],
        };
      case 'DeterminationOpinionIssued':
        return { close: [{ kinds: ['determination'], subjectId: caseId, unit: e.data.authority }] };
      case 'NatureDetermined':
        return { close: close('determination') };
      case 'TransferredToPolice':
        return {
          facts: { ...known, key, transferredBy: e.data.by },
          close: close('declined_transfer', 'city_decision_action'),
          open: open('police_answer', e.data.police),
          handoffs: [{ template: 'handoff_transferred_to_police', to: e.data.police, ...subject, note: e.data.reason }],
        };
      case 'TransferAcceptedByPolice':
        return { close: [{ kinds: ['police_answer'], subjectId: caseId, unit: e.data.police }] };
      case 'TransferDeclinedByPolice': {
        const office = e.data.office ?? known?.office ?? known?.transferredBy;
        return {
          close: [{ kinds: ['police_answer'], subjectId: caseId, unit: e.data.police }],
          open: open('declined_transfer', office),
          handoffs: office ? [{ template: 'handoff_police_declined', to: office, ...subject, note: (e.data.reasons ?? []).join('；') }] : [],
        };
      }
      case 'AdministrativeMeasureTaken':
      case 'ReferredToDistrictMeeting':
        return { close: close('declined_transfer', 'city_decision_action') };
      case 'EscalatedToCityMeeting': {
        const meeting = fact(`meeting:${e.data.meetingId}`);
        return meeting?.office
          ? {
              handoffs: [
                { template: 'handoff_escalated_to_city', to: meeting.office, ...subject, meetingTitle: e.data.meetingTitle ?? meeting.title },
              ],
            }
          : undefined;
      }
      case 'DecisionReceivedFromCity':
        return {
          open: open('city_decision_action', e.data.office),
          handoffs: [
            {
              template: 'handoff_decision_received',
              to: e.data.office,
              ...subject,
              meetingTitle: e.data.meetingTitle ?? fact(`meeting:${e.data.meetingId}`)?.title,
              note: e.data.decision,
            },
          ],
        };
      case 'ClosureRequested':
        return {
          facts: { ...known, key, closureRequestedBy: e.data.by },
          close: close('declined_transfer', 'city_decision_action'),
          open: open('closure_approval', known?.office),
        };
      case 'ClosureRejected': {
        const to = known?.closureRequestedBy ?? known?.leadUnit;
        return {
          close: close('closure_approval'),
          handoffs: to ? [{ template: 'handoff_closure_refused', to, ...subject, note: e.data.reason }] : [],
        };
      }
      case 'CaseClosed':
        return {
          close: close('determination', 'police_answer', 'declined_transfer', 'meeting_decision', 'city_decision_action', 'closure_approval'),
          handoffs: e.data.requestedBy ? [{ template: 'handoff_closure_approved', to: e.data.requestedBy, ...subject }] : [],
        };
      case 'CrossRegionPartyNotified':
        return e.data.office
          ? { handoffs: [{ template: 'handoff_cross_region', to: e.data.office, ...subject, subjectNo: e.data.caseNo, note: e.data.message }] }
          : undefined;
      default:
        return undefined;
    }
  }
  if (streamId.startsWith(MEETING_STREAM_PREFIX)) {
    const e = decodeMeetingEvent(event);
    const meetingKey = `meeting:${e.data.meetingId}`;
    switch (e.type) {
      case 'MeetingScheduled':
        return { facts: { key: meetingKey, title: e.data.title, office: e.data.office } };
      case 'CasePutOnAgenda': {
        const known = fact(`case:${e.data.caseId}`);
        return {
          open: [
            {
              kind: 'meeting_decision',
              unit: e.data.office,
              subjectKind: 'case',
              subjectId: e.data.caseId,
              facts: known,
              meetingId: e.data.meetingId,
            },
          ],
          handoffs: [
            {
              template: 'handoff_put_on_agenda',
              to: e.data.office,
              subjectKind: 'case',
              subjectId: e.data.caseId,
              subjectNo: known?.no,
              subjectTitle: known?.title,
              from: by,
              meetingTitle: fact(meetingKey)?.title,
            },
          ],
        };
      }
      case 'MeetingDecisionRecorded':
        return { close: [{ kinds: ['meeting_decision'], subjectId: e.data.caseId, meetingId: e.data.meetingId }] };
      case 'MeetingClosed':
        return { close: [{ kinds: ['meeting_decision'], meetingId: e.data.meetingId }] };
      default:
        return undefined;
    }
  }
  if (streamId.startsWith(OBLIGATION_STREAM_PREFIX)) {
    const e = decodeObligationEvent(event);
    if (e.type === 'ObligationDue') {
      return {
        open: [
          {
            kind: 'obligation_due',
            unit: e.data.unit,
            subjectKind: 'obligation',
            subjectId: e.data.obligationId,
            policyId: e.data.policyId,
            subjectNo: e.data.period,
            subjectTitle: e.data.kind,
          },
        ],
      };
    }
    if (e.type === 'ObligationSubmitted') return { close: [{ kinds: ['obligation_due'], subjectId: e.data.obligationId }] };
  }
  return undefined;
}

export const itemIdOf = (kind: TodoKind, eventId: string): string => `${kind}:${eventId}`;

function closes(item: TodoItem, c: Closing): boolean {
  return (
    c.kinds.includes(item.kind) &&
    (c.subjectId === undefined || item.subjectId === c.subjectId) &&
    (c.meetingId === undefined || item.meetingId === c.meetingId) &&
    (c.unit === undefined || item.unit === c.unit)
  );
}

/** The state after the event, and the hand-offs it makes (the same on a redelivery: notices are idempotent by event id). */
export function evolveWorklist(state: WorklistState, event: WorklistEvent): { state: WorklistState; handoffs: Handoff[] } {
  const step = READ_TYPES.has(event.type) ? stepOf(event, (key) => state.facts.get(key)) : undefined;
  if (!step) return { state, handoffs: [] };
  const facts = new Map(state.facts);
  const items = new Map(state.items);
  if (step.facts) {
    const before = facts.get(step.facts.key);
    if (!before || before.position < event.position) facts.set(step.facts.key, { ...before, ...step.facts, position: event.position });
  }
  for (const c of step.close ?? []) {
    for (const item of items.values()) {
      if (item.state === 'open' && item.openedPosition < event.position && closes(item, c)) {
        items.set(item.itemId, { ...item, state: 'closed', closedAt: event.time, closedBy: event.type, closedByAgency: event.actor.agency });
      }
    }
  }
  for (const o of step.open ?? []) {
    const itemId = itemIdOf(o.kind, event.id);
    if (items.has(itemId)) continue;
    const spec = TODO_KIND_SPECS[o.kind];
    items.set(itemId, {
      itemId,
      kind: o.kind,
      unit: o.unit,
      role: spec.role ?? null,
      assignee: null,
      subjectKind: o.subjectKind,
      subjectId: o.subjectId,
      subjectNo: o.subjectNo ?? o.facts?.no ?? null,
      subjectTitle: o.subjectTitle ?? o.facts?.title ?? null,
      meetingId: o.meetingId ?? null,
      policyId: o.policyId ?? spec.policyId ?? null,
      handedBy: event.actor.agency,
      handedByUser: event.actor.user ?? null,
      handedAt: event.time,
      openedEvent: event.id,
      openedPosition: event.position,
      state: 'open',
      closedAt: null,
      closedBy: null,
      closedByAgency: null,
    });
  }
  // A unit handing work to itself needs no notice (its to-do item is enough).
  return { state: { facts, items }, handoffs: (step.handoffs ?? []).filter((h) => h.to !== event.actor.agency) };
}
