/**
 * What crosses between the parties of a federation: only public material, each document signed.
 *
 * - A join request: a new party's identity and public keys, signed with its new signing key to
 *   prove it holds it.
 * - A hub certificate: the mesh authority's signature over a hub's identity, signing keys and
 *   regional CA certificate.
 * - A directory section: one hub's members (id, region, tier, public signing keys with their
 *   validity, revocations, removals), versioned and signed by that hub.
 */

export type PartyKind = 'node' | 'hub';
export type PartyRole = 'national' | 'regional' | 'global';

export interface PartyIdentity {
  id: string;
  kind: PartyKind;
  role: PartyRole;
  /** Nodes: the region (regional hub) they join. Regional hubs: their own id. */
  region?: string;
  /** The hub this party joins: a node's regional hub, a regional hub's global hub. */
  parent?: string;
  name?: string;
  /** ISO 3166-1 alpha-2, for national CIRTs. */
  country?: string;
}

export interface PublicSigningKey {
  id: string;
  /** Raw Ed25519 public key, base64url. */
  publicKey: string;
  validFrom?: string;
  validUntil?: string;
  revoked?: boolean;
}

export interface Signature {
  /** The signing key's id. */
  kid: string;
  /** Ed25519 over the RFC 8785 canonical JSON of the document without `sig`, base64url. */
  value: string;
}

export const JOIN_REQUEST = 'cirtmesh/join-request';
export const HUB_CERTIFICATE = 'cirtmesh/hub-certificate';
export const DIRECTORY_SECTION = 'cirtmesh/directory-section';

export interface JoinRequest {
  type: typeof JOIN_REQUEST;
  party: PartyIdentity;
  signingKey: PublicSigningKey;
  /** The public nkey (U…) of the user the party's nats-server joins its hub's with. */
  leafUser: string;
  /** PEM certificate request for the party's leaf-link TLS certificate. */
  csr: string;
  /** Hubs: PEM certificate request for their regional CA, which the authority signs. */
  caCsr?: string;
  createdAt: string;
  sig: Signature;
}

export interface HubCertificate {
  type: typeof HUB_CERTIFICATE;
  hub: PartyIdentity;
  signingKeys: PublicSigningKey[];
  /** The hub's CA certificate (PEM), signed by the mesh root CA. */
  caCert: string;
  /** The mesh root CA certificate (PEM). */
  rootCa: string;
  /** The authority's public signing key, which made `sig`. */
  authority: string;
  issuedAt: string;
  /** The hub's join request, as certified: its leaf user and leaf certificate request. */
  request: JoinRequest;
  sig: Signature;
}

export interface DirectoryMember {
  id: string;
  kind: PartyKind;
  role: PartyRole;
  region?: string;
  name?: string;
  country?: string;
  tier?: string;
  keys: PublicSigningKey[];
  /** Taken out of the mesh: its alerts are refused from then on. */
  removed?: { at: string; reason: string };
}

export interface DirectorySection {
  type: typeof DIRECTORY_SECTION;
  /** The hub whose members these are, and whose key signs the section. */
  owner: string;
  /** Grows by one with every change; a party keeps the highest it has verified. */
  version: number;
  issuedAt: string;
  /** The owner's certificate from the authority, so anyone holding the authority's key can check the section. */
  certificate: HubCertificate;
  members: DirectoryMember[];
  sig: Signature;
}

/** The whole directory as a party holds it: the authority's key and every section it has verified. */
export interface DirectoryDocument {
  authority: string;
  sections: DirectorySection[];
}

export const KEY_ROTATION = 'cirtmesh/key-rotation';

/**
 * A member's new signing key, announced to its hub and signed with the key it replaces: only the
 * holder of the old key can name the new one. The hub re-signs its section with the new key and
 * the old one valid until `overlapUntil`, so alerts signed just before still verify.
 */
export interface KeyRotation {
  type: typeof KEY_ROTATION;
  party: string;
  key: PublicSigningKey;
  replaces: string;
  overlapUntil: string;
  createdAt: string;
  sig: Signature;
}
