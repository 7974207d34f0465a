/** Typed store failures; the HTTP layer maps WrongExpectedVersion to 409. */

export class WrongExpectedVersionError extends Error {
  readonly code = 'WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamId: string,
    readonly expected: number | string,
    readonly actual: number | 'no_stream' | 'changed concurrently',
  ) {
    super(`Stream ${streamId}: expected version ${expected}, actual ${actual}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** Same event id already stored, but not as this exact append (different stream or position). */
export class DuplicateEventIdError extends Error {
  readonly code = 'DUPLICATE_EVENT_ID';
  constructor(
    readonly eventId: string,
    detail: string,
  ) {
    super(`Event id ${eventId} is already stored: ${detail}`);
    this.name = 'DuplicateEventIdError';
  }
}

export class InvalidAppendError extends Error {
  readonly code = 'INVALID_APPEND';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}

export class HashChainBrokenError extends Error {
  readonly code = 'HASH_CHAIN_BROKEN';
  constructor(
    readonly streamId: string,
    readonly streamVersion: number,
    detail: string,
  ) {
    super(`Hash chain broken in ${streamId} at version ${streamVersion}: ${detail}`);
    this.name = 'HashChainBrokenError';
  }
}
