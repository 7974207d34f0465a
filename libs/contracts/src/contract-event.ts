/**
 * Contract events: what a service publishes of its streams (type, contract
 * version, typed data), and the decoder each published stream category offers
 * its consumers. A decoder takes an envelope of unknown data (a stored or
 * projection event, a decoded Kafka message) and returns the typed event or
 * refuses it. It checks the type, the version and the fields consumers rely on,
 * nothing more: the rebuild decodes millions of events.
 */

/** One published event. */
export interface ContractEvent<Type extends string = string, Data = unknown, Version extends number = number> {
  readonly type: Type;
  readonly version: Version;
  readonly data: Data;
}

/** What a decoder reads. A projection event has no schema version: it is read as the current one. */
export interface ContractEnvelope {
  readonly type: string;
  readonly data: unknown;
  readonly schemaVersion?: number;
}

/** The contract version of a type and the data fields its consumers rely on. */
export interface ContractTypeSpec {
  readonly version: number;
  readonly required: readonly string[];
}

export type ContractSpec<E extends ContractEvent> = { readonly [K in E['type']]: ContractTypeSpec };

/** The union of version-1 contract events of a map from type to data. */
export type ContractUnionOf<DataByType> = { [K in keyof DataByType & string]: ContractEvent<K, DataByType[K], 1> }[keyof DataByType & string];

/** Version-1 type specs of a category whose events all carry `idField`: `v1(...more required fields)`. */
export const version1Requiring =
  (idField: string) =>
  (...required: string[]): ContractTypeSpec => ({ version: 1, required: [idField, ...required] });

/**
 * What a decoder returns: the event's type and typed data. It is the envelope itself, checked (its version too),
 * not a copy: the rebuild decodes a million events.
 */
export type Decoded<E extends ContractEvent> = E extends ContractEvent<infer Type, infer Data> ? { readonly type: Type; readonly data: Data } : never;

export type ContractDecoder<E extends ContractEvent> = (envelope: ContractEnvelope) => Decoded<E>;

/** The contract data of one type of a union. */
export type ContractData<E extends ContractEvent, K extends E['type']> = Extract<E, { type: K }>['data'];

export class ContractEventRefusedError extends Error {
  readonly code = 'CONTRACT_EVENT_REFUSED';
  constructor(
    readonly category: string,
    readonly eventType: string,
    detail: string,
  ) {
    super(`${category} contract refuses ${eventType}: ${detail}`);
    this.name = 'ContractEventRefusedError';
  }
}

/** The decoder of one stream category's contract. */
export function contractDecoder<E extends ContractEvent>(category: string, spec: ContractSpec<E>): ContractDecoder<E> {
  const specs = new Map<string, ContractTypeSpec>(Object.entries(spec));
  return (envelope) => {
    const type = envelope.type;
    const typeSpec = specs.get(type);
    if (!typeSpec) throw new ContractEventRefusedError(category, type, 'unknown type');
    const version = envelope.schemaVersion ?? typeSpec.version;
    if (version !== typeSpec.version)
      throw new ContractEventRefusedError(category, type, `unsupported version ${version} (supported: ${typeSpec.version})`);
    const data = envelope.data as Record<string, unknown> | null;
    if (typeof data !== 'object' || data === null) throw new ContractEventRefusedError(category, type, 'data is not an object');
    for (const field of typeSpec.required) {
      if (data[field] === undefined) throw new ContractEventRefusedError(category, type, `data.${field} is missing`);
    }
    return envelope as Decoded<E>;
  };
}

/** The types a contract declares. */
export function contractTypes<E extends ContractEvent>(spec: ContractSpec<E>): Array<E['type']> {
  return Object.keys(spec) as Array<E['type']>;
}

/**
 * The publication function of a stream whose events go out as stored: the
 * contract event of a domain event, or undefined for a type the contract does
 * not declare (not published).
 */
export function publicationAsStored<E extends ContractEvent>(spec: ContractSpec<E>): (event: { type: string; data: unknown }) => E | undefined {
  const specs = new Map<string, ContractTypeSpec>(Object.entries(spec));
  return (event) => {
    const typeSpec = specs.get(event.type);
    return typeSpec ? ({ type: event.type, version: typeSpec.version, data: event.data } as unknown as E) : undefined;
  };
}
