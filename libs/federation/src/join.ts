import type { SigningKey } from '@cirtmesh/crypto';
import { FederationError, checkJoinRequest } from './check';
import { JOIN_REQUEST, type JoinRequest, type PartyIdentity } from './documents';
import { signDocument, verifyDocument } from './signed';

export interface JoinRequestParts {
  party: PartyIdentity;
  signingKey: SigningKey;
  leafUser: string;
  csr: string;
  caCsr?: string;
  now?: Date;
}

/** A new party's join request: only public material, signed with its new key to prove it holds it. */
export function makeJoinRequest(parts: JoinRequestParts): JoinRequest {
  const { party, signingKey, leafUser, csr, caCsr, now = new Date() } = parts;
  checkIdentity(party, caCsr !== undefined);
  return signDocument<JoinRequest>(
    {
      type: JOIN_REQUEST,
      party,
      signingKey: { id: signingKey.id, publicKey: signingKey.publicKey },
      leafUser,
      csr,
      ...(caCsr ? { caCsr } : {}),
      createdAt: now.toISOString(),
    },
    signingKey,
  );
}

/** The shape each kind of party has: where it sits in the mesh, and what a hub's request carries. */
function checkIdentity(party: PartyIdentity, hasCaCsr: boolean): void {
  const refuse = (why: string): never => {
    throw new FederationError('BAD_IDENTITY', `${party.id}: ${why}`);
  };
  if (party.kind === 'node') {
    if (party.role !== 'national') refuse('a node has the role national');
    if (!party.region) refuse('a node names its region');
    if (party.parent !== party.region) refuse(`a node joins its region's hub (${party.region}), not ${party.parent ?? 'none'}`);
    if (!party.country) refuse('a node names its country');
    if (hasCaCsr) refuse('a node has no CA of its own');
    return;
  }
  if (!hasCaCsr) refuse('a hub asks for its regional CA (caCsr)');
  if (party.role === 'regional') {
    if (party.region !== party.id) refuse('a regional hub is its own region');
    if (!party.parent) refuse('a regional hub joins the global hub (parent)');
  } else if (party.role === 'global') {
    if (party.parent || party.region) refuse('the global hub has no parent and no region');
  } else refuse('a hub is regional or global');
}

/** Checks a join request's shape, identity and proof of possession of its signing key. */
export function verifyJoinRequest(document: unknown): JoinRequest {
  const request = checkJoinRequest(document);
  checkIdentity(request.party, request.caCsr !== undefined);
  if (request.sig.kid !== request.signingKey.id || !verifyDocument(request, request.signingKey.publicKey)) {
    throw new FederationError('BAD_SIGNATURE', `the join request of ${request.party.id} is not signed by the key it presents`);
  }
  return request;
}
