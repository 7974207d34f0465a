/** A value sealed with an informant's data key (key-vault.ts); events carry only this. Framework-free; published with the contracts. */
export interface SealedValue {
  alg: 'AES-256-GCM';
  /** The data key that sealed it (the informant's key id). */
  keyId: string;
  iv: string;
  tag: string;
  ciphertext: string;
}
