import { KEY_ROTATION_CONTENT, MeshHeaders, Subjects } from '@cirtmesh/contracts';
import { generateSigningKey } from '@cirtmesh/crypto';
import { makeKeyRotation, type PartyIdentity } from '@cirtmesh/federation';
import { connect, credsAuthenticator, headers as natsHeaders } from 'nats';
import { readdirSync } from 'node:fs';
import { heldDirectory } from './bundle';
import { PartyDir, PORTS_FILE, PUBLIC, SECRET } from './party-dir';

export interface Rotated {
  oldId: string;
  newId: string;
  overlapUntil: string;
  /** Whether the node's directory listed the new key before the wait ended. */
  confirmed: boolean;
}

/** The next key id of a party: `<id>-<n+1>` after the highest it has had. */
function nextKeyId(dir: PartyDir, party: string): string {
  const used = readdirSync(dir.path('keys')).map((f) => Number(new RegExp(`^${party}-(\\d+)\\.pem$`).exec(f)?.[1] ?? 0));
  return `${party}-${Math.max(0, ...used) + 1}`;
}

/**
 * A node rotates its signing key: it makes the new key in its own directory, sends its hub the
 * rotation signed with the key in use (through its own nats-server and leaf link), and waits for
 * its directory to list the new key, which the hub signs into its section and spreads over the
 * mesh. Only then does the new key become the node's current one; the old one stays valid for the
 * overlap, so alerts signed just before still verify.
 */
export async function rotatePartyKey(root: string, overlapMs: number, waitMs = 30_000): Promise<Rotated> {
  const dir = new PartyDir(root);
  const party = dir.readJson<PartyIdentity>('party.json');
  if (party.kind !== 'node' || !party.parent) {
    throw new Error(
      `${party.id} is a hub: its key is certified by the mesh authority, so a new one is certified the same way (cirtmesh certify)`,
    );
  }
  if (!dir.exists(PORTS_FILE)) throw new Error(`${party.id} has never run here: run it (cirtmesh node run) before rotating its key`);
  const current = dir.signingKey(party.id);
  const newId = nextKeyId(dir, party.id);
  const { key: next, privatePem } = generateSigningKey(newId);
  dir.write(['keys', `${newId}.pem`], privatePem, SECRET);
  const rotation = makeKeyRotation(party.id, current, next, overlapMs);
  await sendUp(dir, party, rotation, `rotation:${party.id}:${newId}`);
  const confirmed = await listed(dir, party.id, newId, next.publicKey, waitMs);
  if (confirmed) dir.write(['keys', 'current'], `${newId}\n`, PUBLIC);
  return { oldId: current.id, newId, overlapUntil: rotation.overlapUntil, confirmed };
}

/** Publishes to the hub's ingest stream through the party's own server and leaf link. */
async function sendUp(dir: PartyDir, party: PartyIdentity, document: unknown, msgId: string): Promise<void> {
  const { client } = dir.readJson<{ client: number }>(PORTS_FILE);
  let nc;
  try {
    nc = await connect({
      servers: `nats://127.0.0.1:${client}`,
      authenticator: credsAuthenticator(Buffer.from(dir.read('nkeys', 'app.creds'))),
      inboxPrefix: Subjects.inboxPrefix(party.id),
      timeout: 5_000,
    });
  } catch (error) {
    throw new Error(`cannot reach ${party.id}'s own nats-server on port ${client} (${(error as Error).message}): run the node first`);
  }
  try {
    const h = natsHeaders();
    h.set(MeshHeaders.content, KEY_ROTATION_CONTENT);
    await nc.jetstream().publish(Subjects.ingest(party.parent!, party.id), Buffer.from(JSON.stringify(document)), {
      headers: h,
      msgID: msgId,
      timeout: 10_000,
    });
  } catch (error) {
    throw new Error(
      `hub ${party.parent} did not take the rotation (${(error as Error).message}): is the node's link up? Run the command again`,
    );
  } finally {
    await nc.close();
  }
}

/** Waits until the party's directory lists the key (the hub's section has reached it). */
async function listed(dir: PartyDir, party: string, keyId: string, publicKey: string, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const authority = dir.readJson<{ authority: string }>('directory.json').authority;
    const member = heldDirectory(dir, authority).member(party);
    if (member?.keys.some((k) => k.id === keyId && k.publicKey === publicKey)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
