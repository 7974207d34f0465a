/**
 * The names of deadline policies, for messages to name a policy as people
 * know it. Read leniently from the deadline policies file
 * (DEADLINE_POLICIES_PATH): any top-level list of entries with an `id` and a
 * `name` {zh-CN, en}. Validating that file is the deadline engine's job; if it
 * cannot be read here, messages name the policy by its id.
 */
import { readFileSync } from 'node:fs';
import type { Label } from '@jm/reference';

export type PolicyNames = (policyId: string) => Label | undefined;

export function policyNamesFromFile(path: string): PolicyNames {
  const names = new Map<string, Label>();
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    for (const list of Object.values(parsed ?? {})) {
      if (!Array.isArray(list)) continue;
      for (const entry of list as Array<{ id?: unknown; name?: Partial<Label> }>) {
        if (typeof entry?.id === 'string' && typeof entry.name?.['zh-CN'] === 'string' && typeof entry.name.en === 'string') {
          names.set(entry.id, { 'zh-CN': entry.name['zh-CN'], en: entry.name.en });
        }
      }
    }
  } catch {
    // No names: the id stands for the policy.
  }
  return (id) => names.get(id);
}
