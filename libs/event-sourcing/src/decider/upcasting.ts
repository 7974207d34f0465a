/**
 * Old event shapes are upcast when read, never rewritten (architecture.md rule 9).
 * An upcaster lifts one (type, schemaVersion) to the next version; chains run
 * until the newest version. Stored bytes and hashes stay as they were.
 */
import { StoredEvent } from '../event-store/envelope';

export interface Upcaster {
  type: string;
  fromVersion: number;
  /** Returns the data of version fromVersion + 1 (and may rename the type). */
  upcast(data: unknown, event: StoredEvent): { data: unknown; type?: string };
}

export function createUpcaster(upcasters: Upcaster[]): (event: StoredEvent) => StoredEvent {
  const byKey = new Map<string, Upcaster>();
  for (const u of upcasters) {
    const key = `${u.type}@${u.fromVersion}`;
    if (byKey.has(key)) throw new Error(`Two upcasters for ${key}`);
    byKey.set(key, u);
  }
  return (event) => {
    let current = event;
    for (let step = byKey.get(`${current.type}@${current.schemaVersion}`); step; step = byKey.get(`${current.type}@${current.schemaVersion}`)) {
      const next = step.upcast(current.data, current);
      current = { ...current, type: next.type ?? current.type, data: next.data, schemaVersion: current.schemaVersion + 1 };
    }
    return current;
  };
}
