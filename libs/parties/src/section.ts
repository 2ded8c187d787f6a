import { signSection, type DirectoryMember, type DirectorySection, type HubCertificate } from '@cirtmesh/federation';
import type { PartyDir } from './party-dir';

/** A hub's members: the content of its directory section. */
export interface Membership {
  version: number;
  members: DirectoryMember[];
}

/** The hub's section file: the hub's operator tools and the running hub (a member's key rotation) both write it. */
export const SECTION_FILE = 'section.json';

/** The hub's members and its section's version, from its section file; none before it has published one. */
export function readMembership(dir: PartyDir): Membership {
  if (!dir.exists(SECTION_FILE)) return { version: 0, members: [] };
  const { version, members } = dir.readJson<DirectorySection>(SECTION_FILE);
  return { version, members };
}

/** A new version of the hub's section, signed with its key, kept as `section.json` and returned. */
export function publishSection(dir: PartyDir, certificate: HubCertificate, members: DirectoryMember[], now = new Date()): DirectorySection {
  const version = readMembership(dir).version + 1;
  const section = signSection(certificate, version, members, dir.signingKey(certificate.hub.id), now);
  dir.writeJson([SECTION_FILE], section);
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
