import { DirectoryState, FederationError, type DirectoryDocument, type DirectorySection, type PartyIdentity } from '@cirtmesh/federation';
import { decode, fmtCreds } from 'nats-jwt';
import { createUser } from 'nkeys.js';
import { PartyDir, PUBLIC, SECRET } from './party-dir';

export const DIRECTORY_FILE = 'directory.json';

/** What a new member needs to connect to its hub, and the directory as the hub holds it. All public. */
export interface Bundle {
  type: 'cirtmesh/bundle';
  member: PartyIdentity;
  hub: string;
  /** Where the member's nats-server joins the hub's, when the hub knows it. */
  leafUrl?: string;
  /** The member's leaf user JWT, signed by the hub's account: with its own seed it makes its creds. */
  leafJwt: string;
  /** The member's leaf-link certificate, signed by the hub's CA, followed by that CA's certificate. */
  tlsCert: string;
  /** The mesh root CA, which every leaf link is verified against. */
  rootCa: string;
  directory: DirectoryDocument;
}

/** The directory the party holds, verified; `authority` when it holds none yet. */
export function heldDirectory(dir: PartyDir, authority: string): DirectoryState {
  if (!dir.exists(DIRECTORY_FILE)) return new DirectoryState(authority);
  return DirectoryState.from(dir.readJson<DirectoryDocument>(DIRECTORY_FILE));
}

/** Applies sections to what the party holds (older ones are skipped: the party has newer) and keeps the result. */
export function keepDirectory(dir: PartyDir, authority: string, sections: DirectorySection[]): DirectoryState {
  const state = heldDirectory(dir, authority);
  for (const section of sections) {
    try {
      state.apply(section);
    } catch (error) {
      if ((error as { code?: string }).code !== 'OUT_OF_ORDER') throw error;
    }
  }
  dir.writeJson([DIRECTORY_FILE], state.document());
  return state;
}

/**
 * A member takes in the bundle its hub sent: it checks that the bundle is for this party and its
 * own leaf key and that the directory verifies and lists it, then keeps its certificate, its leaf
 * credentials (the hub's JWT with the party's own seed) and the directory.
 */
export function importBundle(root: string, document: unknown): Bundle {
  const dir = new PartyDir(root);
  const party = dir.readJson<PartyIdentity>('party.json');
  const bundle = document as Bundle;
  if (bundle?.type !== 'cirtmesh/bundle') throw new FederationError('MALFORMED', 'not a bundle from cirtmesh admit');
  if (bundle.member?.id !== party.id)
    throw new FederationError('NOT_OURS', `the bundle is for ${String(bundle.member?.id)}, not for ${party.id}`);
  const leafUser = dir.nkey('user.leaf', createUser);
  if (decode(bundle.leafJwt).sub !== leafUser.getPublicKey()) {
    throw new FederationError('NOT_OURS', `the bundle's leaf user is not ${party.id}'s own leaf key`);
  }
  const state = keepDirectory(dir, bundle.directory.authority, bundle.directory.sections);
  if (!state.member(party.id) || state.member(party.id)?.removed) {
    throw new FederationError('NOT_LISTED', `the directory in the bundle does not list ${party.id} as a member`);
  }
  dir.write(['tls', 'leaf.pem'], bundle.tlsCert, PUBLIC);
  dir.write(['tls', 'root.pem'], bundle.rootCa, PUBLIC);
  dir.write(['nkeys', 'leaf.creds'], new TextDecoder().decode(fmtCreds(bundle.leafJwt, leafUser)), SECRET);
  dir.writeJson(['bundle.json'], bundle);
  return bundle;
}
