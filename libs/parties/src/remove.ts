import { FederationError, type DirectoryMember } from '@cirtmesh/federation';
import { hubCertificate } from './hub-certificate';
import { PartyDir } from './party-dir';
import { removePolicyMember } from './policy-file';
import { preparePartyRun, revokedLeafUsers } from './runtime';
import { leafUsers, publishSection, readMembership } from './section';

export interface HubChange {
  member: string;
  /** The hub's section version that says so, when the directory changed. */
  version?: number;
  /** Whether the hub's running nats-server was told to reload (and so closed the member's link). */
  reloaded: boolean;
}

function activeMember(dir: PartyDir, id: string): { members: DirectoryMember[]; member: DirectoryMember } {
  const { members } = readMembership(dir);
  const member = members.find((m) => m.id === id && !m.removed);
  if (!member) throw new FederationError('NOT_A_MEMBER', `${id} is not a member of this hub`);
  return { members, member };
}

/**
 * Cuts a member's leaf link at the hub's own nats-server: its leaf user is revoked in the hub's
 * account, the server's config is written again, and a running server reloads it, closing the
 * link and refusing it from then on. The member stays in the directory.
 */
export async function revokeMemberLink(hubRoot: string, id: string, now = new Date()): Promise<HubChange> {
  const dir = new PartyDir(hubRoot);
  activeMember(dir, id);
  return { member: id, reloaded: await revokeLeaf(dir, id, now) };
}

async function revokeLeaf(dir: PartyDir, id: string, now: Date): Promise<boolean> {
  const user = leafUsers(dir)[id];
  if (!user) throw new FederationError('NO_LEAF_USER', `this hub issued no leaf user to ${id}`);
  dir.writeJson(['revoked.json'], { ...revokedLeafUsers(dir), [user]: now.toISOString() });
  return reloadServer(dir);
}

/** Revokes one of a member's signing keys in the hub's section: alerts signed with it are refused everywhere. */
export function revokeMemberKey(hubRoot: string, id: string, keyId: string, now = new Date()): HubChange {
  const dir = new PartyDir(hubRoot);
  const { members, member } = activeMember(dir, id);
  if (!member.keys.some((k) => k.id === keyId)) throw new FederationError('UNKNOWN_KEY', `${id} has no key ${keyId} in this hub's section`);
  const changed = { ...member, keys: member.keys.map((k) => (k.id === keyId ? { ...k, revoked: true } : k)) };
  const section = publishSection(
    dir,
    hubCertificate(dir),
    members.map((m) => (m.id === id ? changed : m)),
    now,
  );
  return { member: id, version: section.version, reloaded: false };
}

/**
 * Takes a member out: its link is closed and refused, it is marked removed in the hub's section
 * (so every party revokes its keys and refuses what it sends), and it leaves the hub's policy.
 */
export async function removeMember(hubRoot: string, id: string, reason: string, now = new Date()): Promise<HubChange> {
  const dir = new PartyDir(hubRoot);
  const { members, member } = activeMember(dir, id);
  const removed: DirectoryMember = {
    ...member,
    keys: member.keys.map((k) => ({ ...k, revoked: true })),
    removed: { at: now.toISOString(), reason },
  };
  const section = publishSection(
    dir,
    hubCertificate(dir),
    members.map((m) => (m.id === id ? removed : m)),
    now,
  );
  removePolicyMember(dir, id);
  const reloaded = leafUsers(dir)[id] ? await revokeLeaf(dir, id, now) : false;
  return { member: id, version: section.version, reloaded };
}

/** Writes the hub's nats-server config again and signals a running server to reload it. */
async function reloadServer(dir: PartyDir): Promise<boolean> {
  if (!dir.exists('ports.json')) return false; // never run: it reads the revocation when it starts
  await preparePartyRun(dir.root);
  if (!dir.exists('nats', 'server.pid')) return false;
  try {
    process.kill(Number(dir.read('nats', 'server.pid').trim()), 'SIGHUP');
    return true;
  } catch {
    return false; // not running: it reads the new config when it starts
  }
}
