import { signSection, type DirectoryMember, type DirectorySection, type HubCertificate } from '@cirtmesh/federation';
import type { PartyDir } from './party-dir';

/** A hub's members as it keeps them (`members.json`): the content of its directory section. */
export interface Membership {
  version: number;
  members: DirectoryMember[];
}

/** The hub's members and its section's version; none before it has published one. */
export function readMembership(dir: PartyDir): Membership {
  return dir.exists('members.json') ? dir.readJson<Membership>('members.json') : { version: 0, members: [] };
}

/** A new version of the hub's section, signed with its key, kept as `section.json` and returned. */
export function publishSection(dir: PartyDir, certificate: HubCertificate, members: DirectoryMember[], now = new Date()): DirectorySection {
  const version = readMembership(dir).version + 1;
  const section = signSection(certificate, version, members, dir.signingKey(certificate.hub.id), now);
  dir.writeJson(['members.json'], { version, members } satisfies Membership);
  dir.writeJson(['section.json'], section);
  return section;
}

/** Each member's leaf user (public nkey), so the hub can revoke it on its own. */
export function leafUsers(dir: PartyDir): Record<string, string> {
  return dir.exists(LEAF_USERS_FILE) ? dir.readJson<Record<string, string>>(LEAF_USERS_FILE) : {};
}

export function recordLeafUser(dir: PartyDir, member: string, publicKey: string): void {
  dir.writeJson([LEAF_USERS_FILE], { ...leafUsers(dir), [member]: publicKey });
}

const LEAF_USERS_FILE = 'leaf-users.json';
