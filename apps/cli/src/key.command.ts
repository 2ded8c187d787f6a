import { parseDurationMs } from '@cirtmesh/contracts';
import { currentKey, keyringPath, revokeKey, rotateKey } from '@cirtmesh/topology';
import { resolve } from 'node:path';

function durationMs(text: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined) throw new Error(`--overlap must be a duration such as 30m, 24h or 7d, not "${text}"`);
  return ms;
}

/** `cirtmesh key rotate`: a new signing key for a party; the old one stays valid for the overlap. */
export function runKeyRotate(dir: string, party: string, overlap: string): string {
  const root = resolve(dir);
  const { oldId, newId } = rotateKey(root, party, durationMs(overlap));
  return [
    `${party}: new signing key ${newId}; ${oldId} stays valid for ${overlap}.`,
    `The keyring (${keyringPath(root)}) now lists both; every party reloads it by itself.`,
    `Restart ${party}'s app with CIRTMESH_SIGNING_KEY_ID=${newId} CIRTMESH_SIGNING_KEY_FILE=${currentKey(root, party).file}`,
    '(a restarted demo picks it up by itself).',
  ].join('\n');
}

/** `cirtmesh key revoke`: alerts signed with the key are refused from the moment parties reload. */
export function runKeyRevoke(dir: string, party: string, id: string | undefined): string {
  const root = resolve(dir);
  const kid = id ?? currentKey(root, party).id;
  revokeKey(root, party, kid);
  return `${party}: key ${kid} revoked in ${keyringPath(root)}. Rotate first if ${party} still signs with it.`;
}
