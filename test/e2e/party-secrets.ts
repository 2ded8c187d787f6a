import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Private material in a text: PEM private keys and nkey seeds. */
const SECRET = /-----BEGIN PRIVATE KEY-----[^-]+-----END PRIVATE KEY-----|\bS[OAU][A-Z2-7]{56}\b/g;

/** The private material under each party's directory (`<root>/<party>/...`), by party. */
export function secretsByParty(root: string): Map<string, Set<string>> {
  const byParty = new Map<string, Set<string>>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const party = path.slice(root.length + 1).split('/')[0];
    const held = byParty.get(party) ?? new Set<string>();
    for (const match of readFileSync(path, 'utf8').matchAll(SECRET)) held.add(match[0]);
    if (held.size > 0) byParty.set(party, held);
  }
  return byParty;
}

/** Every pair of parties that hold a secret in common: none, in a federation. */
export function sharedSecrets(byParty: Map<string, Set<string>>): string[] {
  const shared: string[] = [];
  for (const [party, secrets] of byParty) {
    for (const [other, theirs] of byParty) {
      if (other > party && [...secrets].some((s) => theirs.has(s))) shared.push(`${party} and ${other}`);
    }
  }
  return shared;
}
