/** Reads and commands of leads: intake (list, detail, informant) and cases' triage (route, refer up, verify, feed back). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components } from '../../api/intake';
import { api, unwrap, unwrapOrNull } from '../../app/api';

export type LeadStatus = 'received' | 'processing' | 'unfounded' | 'case_opened' | 'closed';

export interface LeadRow {
  leadId: string;
  receiptNo: string;
  title: string;
  category: string;
  field: string;
  street?: string;
  receivedBy: string;
  receivedAt: string;
  reportDeadline: string;
  major: boolean;
  amountYuan?: string;
  status: LeadStatus;
  caseId: string | null;
}

/** A subject as intake takes and answers it (its OpenAPI SubjectDto). */
export type LeadSubject = components['schemas']['SubjectDto'];

export interface LeadView extends Omit<LeadRow, 'status'> {
  status: string;
  categoryLabel: string;
  fieldLabel: string;
  sourceLabel: string;
  channelLabel: string;
  /** The coarse status (the list's `status` codes); `status` here is intake's own state. */
  publicStatus: LeadStatus;
  publicStatusLabel: string;
  jurisdiction: string;
  office: string;
  reportedBy?: string;
  reportedAt?: string;
  description: string;
  location?: string;
  occurredOn?: string;
  participants?: number;
  subjects: LeadSubject[];
  evidence: { sha256: string; name?: string; fileName?: string }[];
  anonymous: boolean;
  informant: 'absent' | 'sealed' | 'shredded';
  supplements: { at?: string; addedAt?: string; text?: string; description?: string }[];
}

export type TriageStatus = 'not_reported' | 'awaiting_triage' | 'routed' | 'referred_up' | 'closed_unfounded' | 'founded';

export interface TriageView {
  leadId: string;
  version: number;
  status: TriageStatus;
  office: string;
  /** routed, closed_unfounded, founded */
  routing?: { unit: string; street?: string; rule: string; deadline: string; verificationStartedAt?: string };
  /** referred_up: the office it came from; referred_up and closed_unfounded: why */
  from?: string;
  reason?: string;
  /** founded */
  caseId?: string;
}

export function useLeads(query: { status?: LeadStatus; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['leads', 'list', query],
    queryFn: () => unwrap<{ items: LeadRow[]; total: number }>(api.intake.GET('/leads', { params: { query } })),
  });
}

export function useLead(id: string) {
  return useQuery({
    queryKey: ['leads', 'one', id],
    queryFn: () => unwrap<LeadView>(api.intake.GET('/leads/{id}', { params: { path: { id } } })),
  });
}

/**
 * The lead's triage; null while cases has none for the caller (not reported yet, not heard of over the bus yet,
 * or not the caller's to see). Cases' list is asked first (an empty page, not a 404, when it has nothing), so
 * a page opened right after registering logs no error in the browser; the full view (the read is logged) only then.
 */
export function useTriage(leadId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['triage', leadId],
    enabled,
    queryFn: async () => {
      const listed = await unwrap<{ total: number }>(api.cases.GET('/triage', { params: { query: { leadId } } }));
      if (listed.total === 0) return null;
      return unwrapOrNull<TriageView>(api.cases.GET('/triage/{leadId}', { params: { path: { leadId } } }), 403, 404);
    },
  });
}

/** Units an office may route to: the units of its region (the worklist's counts list them with their names). */
export function useRegionUnits(enabled: boolean) {
  return useQuery({
    queryKey: ['worklist', 'counts'],
    enabled,
    queryFn: () => unwrap<{ units: { unit: string; unitName: string }[] }>(api.notifications.GET('/worklist/counts')),
    select: (data) => data.units,
  });
}

export function useSubmitLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      unwrap<{ leadId: string; receiptNo: string }>(
        api.intake.POST('/leads', { body: body as never, params: { header: { 'Idempotency-Key': crypto.randomUUID() } } }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['leads'] }),
  });
}

export type TriageCommand =
  | { kind: 'route'; unit?: string; licensedInstitution?: boolean }
  | { kind: 'refer-up'; reason: string }
  | { kind: 'verification' }
  | { kind: 'feedback'; outcome: 'founded' | 'unfounded'; reason?: string };

/** One triage command with the version last seen (If-Match), so a stale screen gets 409 instead of overwriting. */
export function useTriageCommand(leadId: string, version: number | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (command: TriageCommand) => {
      const header = { 'Idempotency-Key': crypto.randomUUID(), 'If-Match': version === undefined ? undefined : `"${version}"` };
      const path = { leadId };
      switch (command.kind) {
        case 'route':
          return unwrap<{ caseId?: string }>(
            api.cases.POST('/triage/{leadId}/route', {
              params: { path, header },
              body: { unit: command.unit, licensedInstitution: command.licensedInstitution },
            }),
          );
        case 'refer-up':
          return unwrap<{ caseId?: string }>(
            api.cases.POST('/triage/{leadId}/refer-up', { params: { path, header }, body: { reason: command.reason } }),
          );
        case 'verification':
          return unwrap<{ caseId?: string }>(api.cases.POST('/triage/{leadId}/verification', { params: { path, header } }));
        case 'feedback':
          return unwrap<{ caseId?: string }>(
            api.cases.POST('/triage/{leadId}/feedback', { params: { path, header }, body: { outcome: command.outcome, reason: command.reason } }),
          );
      }
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['triage', leadId] });
      await queryClient.invalidateQueries({ queryKey: ['leads'] });
      await queryClient.invalidateQueries({ queryKey: ['worklist'] });
    },
  });
}

/** The informant's identity, read with a stated purpose (X-Access-Purpose, percent-encoded UTF-8); the read is logged. */
export function useReadInformant(leadId: string) {
  return useMutation({
    mutationFn: (purpose: string) =>
      unwrap<{ informant: Record<string, string> }>(
        api.intake.GET('/leads/{id}/informant', { params: { path: { id: leadId }, header: { 'X-Access-Purpose': encodeURIComponent(purpose) } } }),
      ),
  });
}
