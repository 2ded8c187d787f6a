import type { SigningKey } from '@cirtmesh/crypto';
import { FederationError, checkDirectorySection } from './check';
import { verifyHubCertificate } from './certify';
import { DIRECTORY_SECTION, type DirectoryDocument, type DirectoryMember, type DirectorySection, type HubCertificate } from './documents';
import { signDocument, verifyDocument } from './signed';

/** A hub's new version of its section, signed with its current key. */
export function signSection(
  certificate: HubCertificate,
  version: number,
  members: DirectoryMember[],
  key: SigningKey,
  now: Date = new Date(),
): DirectorySection {
  return signDocument<DirectorySection>(
    { type: DIRECTORY_SECTION, owner: certificate.hub.id, version, issuedAt: now.toISOString(), certificate, members },
    key,
  );
}

export type Applied = { outcome: 'applied' | 'unchanged'; section: DirectorySection };

/**
 * The directory as one party holds it: every section it has verified, each the newest it has seen.
 * A section is applied only when the authority certified its owner, the owner's certified key
 * signed it, its version is newer than the one held, and it speaks only for the owner's own
 * members: a regional hub for the nodes of its region, the global hub for the regional hubs.
 */
export class DirectoryState {
  private readonly sections = new Map<string, DirectorySection>();

  constructor(readonly authority: string) {}

  static from(document: DirectoryDocument): DirectoryState {
    const state = new DirectoryState(document.authority);
    for (const section of document.sections) state.apply(section);
    return state;
  }

  /** Verifies a section and keeps it; throws a FederationError that says why when it is refused. */
  apply(document: unknown): Applied {
    const section = checkDirectorySection(document);
    const certificate = verifyHubCertificate(section.certificate, this.authority);
    const owner = section.owner;
    if (certificate.hub.id !== owner) throw refuse('FORGED', `a section of ${owner} carries the certificate of ${certificate.hub.id}`);
    const key = certificate.signingKeys.find((k) => k.id === section.sig.kid && !k.revoked);
    if (!key || !verifyDocument(section, key.publicKey))
      throw refuse('BAD_SIGNATURE', `section ${owner} v${section.version} is not signed by ${owner}'s certified key`);
    const held = this.sections.get(owner);
    if (held && section.version < held.version) {
      throw refuse('OUT_OF_ORDER', `section ${owner} v${section.version} is older than v${held.version}, which this party holds`);
    }
    if (held && section.version === held.version) {
      if (held.sig.value === section.sig.value) return { outcome: 'unchanged', section: held };
      throw refuse('OUT_OF_ORDER', `section ${owner} v${section.version} differs from the v${held.version} this party holds`);
    }
    this.checkScope(section, certificate);
    this.sections.set(owner, section);
    return { outcome: 'applied', section };
  }

  private checkScope(section: DirectorySection, certificate: HubCertificate): void {
    const owner = section.owner;
    for (const member of section.members) {
      if (certificate.hub.role === 'regional') {
        if (member.kind !== 'node' || member.region !== owner) {
          throw refuse('OUT_OF_SCOPE', `hub ${owner} cannot speak for ${member.id} (${member.kind} in ${member.region ?? 'no region'})`);
        }
      } else if (member.kind !== 'hub' || member.role !== 'regional') {
        throw refuse('OUT_OF_SCOPE', `the global hub ${owner} speaks for regional hubs, not for ${member.id}`);
      }
      for (const [other, held] of this.sections) {
        if (other !== owner && held.members.some((m) => m.id === member.id && !m.removed)) {
          throw refuse('OUT_OF_SCOPE', `${member.id} is a member of ${other}, not of ${owner}`);
        }
      }
    }
  }

  section(owner: string): DirectorySection | undefined {
    return this.sections.get(owner);
  }

  version(owner: string): number {
    return this.sections.get(owner)?.version ?? 0;
  }

  /** A member as its hub's section lists it. */
  member(id: string): DirectoryMember | undefined {
    for (const section of this.sections.values()) {
      const found = section.members.find((m) => m.id === id);
      if (found) return found;
    }
    return undefined;
  }

  /** Every party's public signing keys: members' from their hub's section, hubs' from their certificates. Removed members' keys are revoked. */
  keyring(): Array<{ owner: string; id: string; publicKey: string; validFrom?: string; validUntil?: string; revoked?: boolean }> {
    const keys: ReturnType<DirectoryState['keyring']> = [];
    for (const section of this.sections.values()) {
      for (const key of section.certificate.signingKeys) keys.push({ owner: section.owner, ...key });
      for (const member of section.members) {
        if (member.kind === 'hub') continue; // a hub's keys come from its own certificate
        for (const key of member.keys) keys.push({ owner: member.id, ...key, ...(member.removed ? { revoked: true } : {}) });
      }
    }
    return keys;
  }

  document(): DirectoryDocument {
    return { authority: this.authority, sections: [...this.sections.values()] };
  }
}

function refuse(code: string, message: string): FederationError {
  return new FederationError(code, message);
}
