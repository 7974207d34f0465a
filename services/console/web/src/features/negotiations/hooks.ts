/** Data of the 跨区域协商 screens over api.cases' /negotiations routes; the answer and the decision send If-Match with the record's version. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../app/api';
import type { components, paths } from '../../api/cases';
import type { Page } from '../cases/hooks';
import type { LeadSubject } from '../leads/hooks';

export type NegotiationKind = NonNullable<ListQuery['kind']>;
export type NegotiationStatus = NonNullable<ListQuery['status']>;
type ListQuery = NonNullable<paths['/negotiations']['get']['parameters']['query']>;

/** The contract's enums (libs/contracts NEGOTIATION_KINDS, NEGOTIATION_STATUSES), in its order, for the filters. */
export const NEGOTIATION_KINDS: readonly NegotiationKind[] = ['notice', 'negotiation', 'dispute'];
export const NEGOTIATION_STATUSES: readonly NegotiationStatus[] = ['awaiting_answer', 'agreed', 'referred', 'awaiting_decision', 'decided'];

/** What a list row and a record share, the labels in the caller's language as cases sends them. */
interface NegotiationHead {
  negotiationId: string;
  kind: NegotiationKind;
  kindLabel: string;
  status: NegotiationStatus;
  statusLabel: string;
  /** The office holding the record (who reads and acts on it). */
  office: string;
  superior: string;
  version: number;
}

/** A row of GET /negotiations (cases' negotiation_summary). */
export interface NegotiationRow extends NegotiationHead {
  caseNo: string;
  title: string;
  fromDeployment: string;
  fromRegion: string;
  toDeployment: string;
  toRegion: string;
  dueAt: string | null;
  leadRegion: string | null;
  updatedAt: string;
}

export interface NegotiationParty {
  deployment: string;
  office: string;
  region: string;
}

/** The subjects travel as a lead names them (only those in the notified region). */
export type NegotiationSubject = LeadSubject;

/** GET /negotiations/{id}: the record folded from its stream (services/cases/src/negotiation/negotiation.ts). */
export interface Negotiation extends NegotiationHead {
  case: { caseId: string; caseNo: string; title: string; category: string; subjects: NegotiationSubject[]; amountYuan?: string };
  from: NegotiationParty;
  to: NegotiationParty;
  proposedLeadRegion: string;
  dueAt?: string;
  disagreement?: string;
  answer?: { agree: boolean; leadRegion?: string; reason?: string; by: string };
  referral?: string;
  referralLabel?: string;
  decision?: { leadRegion: string; reason: string; by: string };
}

export type AnswerBody = components['schemas']['AnswerNegotiationDto'];
export type DecisionBody = components['schemas']['DecideDisputeDto'];

export function useNegotiations(query: ListQuery) {
  return useQuery({
    queryKey: ['cases', 'negotiations', 'list', query],
    queryFn: async () => (await unwrap(api.cases.GET('/negotiations', { params: { query } }))) as unknown as Page<NegotiationRow>,
    placeholderData: (previous) => previous,
  });
}

export function useNegotiation(negotiationId: string) {
  return useQuery({
    queryKey: ['cases', 'negotiations', 'one', negotiationId],
    queryFn: async () =>
      (await unwrap(api.cases.GET('/negotiations/{negotiationId}', { params: { path: { negotiationId } } }))) as unknown as Negotiation,
  });
}

/** POST /negotiations/{id}/answer or /decision with If-Match: a record changed meanwhile is 409, shown as sent. */
export function useNegotiationCommand(negotiationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body, version }: { path: 'answer' | 'decision'; body: AnswerBody | DecisionBody; version: number }) =>
      unwrap(
        api.cases.POST(`/negotiations/{negotiationId}/${path}` as '/negotiations/{negotiationId}/answer', {
          params: { path: { negotiationId }, header: { 'If-Match': `"${version}"` } },
          body: body as AnswerBody,
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['cases', 'negotiations'] }),
  });
}
