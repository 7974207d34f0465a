/**
 * Keeps a stream's stored form and its published form in agreement: on the
 * embedded bus consumers decode the stored event, on Kafka they get the
 * publication function's output, so for every event type the two must be equal
 * (a type the contract does not publish: refused by the decoder, undefined from
 * the publication function).
 */
import type { ContractEvent, ContractSpec } from '../contract-event';

export interface ContractAgreement {
  /** Every event type of the stream with its stored schema version. */
  schemaVersions: Readonly<Record<string, number>>;
  spec: ContractSpec<ContractEvent>;
  decode: (envelope: { type: string; data: unknown; schemaVersion?: number }) => { type: string; data: unknown };
  /** The stream's publication function (its domain event union: a sample is built per type). */
  publish: (event: never) => ContractEvent | undefined;
}

/** A sample of a type's data: every field the contract requires, and one it does not know (kept as it is). */
function sampleData(spec: ContractSpec<ContractEvent>, type: string): Record<string, unknown> {
  const required = (spec as Record<string, { required: readonly string[] } | undefined>)[type]?.required ?? [];
  return { ...Object.fromEntries(required.map((field) => [field, `${field}-sample`])), note: 'kept' };
}

/** For each type: the decoded stored event and the published one (undefined when refused / not published). */
export function storedAndPublished(
  agreement: ContractAgreement,
): Array<{ type: string; decoded: ContractEvent | undefined; published: ContractEvent | undefined }> {
  return Object.entries(agreement.schemaVersions).map(([type, schemaVersion]) => {
    const data = sampleData(agreement.spec, type);
    let decoded: ContractEvent | undefined;
    try {
      // The decoder accepted the stored schema version: that is the decoded event's contract version.
      const event = agreement.decode({ type, data, schemaVersion });
      decoded = { type: event.type, version: schemaVersion, data: event.data };
    } catch {
      decoded = undefined;
    }
    return { type, decoded, published: agreement.publish({ type, data } as never) };
  });
}
