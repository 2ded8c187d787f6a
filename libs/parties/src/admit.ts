import {
  DirectoryState,
  FederationError,
  HUB_CERTIFICATE,
  signSection,
  verifyHubCertificate,
  verifyJoinRequest,
  type DirectoryDocument,
  type DirectoryMember,
  type DirectorySection,
  type HubCertificate,
  type JoinRequest,
  type PartyIdentity,
} from '@cirtmesh/federation';
import { memberPermissions, openssl } from '@cirtmesh/topology';
import { rmSync } from 'node:fs';
import { Algorithms, encodeUser } from 'nats-jwt';
import { PartyDir, PUBLIC } from './party-dir';

const MEMBER_CERT_DAYS = '825';

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

interface Membership {
  version: number;
  members: DirectoryMember[];
}

export interface AdmitOptions {
  tier?: string;
  leafUrl?: string;
  now?: Date;
}

/** The hub's own certificate, as it imported it: it cannot admit anyone before it has one. */
export function hubCertificate(dir: PartyDir): HubCertificate {
  if (!dir.exists('certificate.json')) {
    throw new Error(`${dir.root} holds no certificate from the mesh authority yet: have it certified (cirtmesh certify) and import it`);
  }
  return dir.readJson<HubCertificate>('certificate.json');
}

/**
 * A hub takes in a certificate of its own from the authority: it checks that the certificate is
 * for this hub's own request (its identity and signing key) and keeps it, with its CA certificate.
 */
export function importCertificate(hubRoot: string, document: unknown): HubCertificate {
  const dir = new PartyDir(hubRoot);
  const party = dir.readJson<PartyIdentity>('party.json');
  const own = dir.readJson<JoinRequest>('join-request.json');
  const certificate = verifyHubCertificate(document, (document as { authority?: string }).authority ?? '');
  if (certificate.hub.id !== party.id || certificate.request.signingKey.publicKey !== own.signingKey.publicKey) {
    throw new FederationError('NOT_OURS', `the certificate is for ${certificate.hub.id} with another key, not for this hub (${party.id})`);
  }
  dir.writeJson(['certificate.json'], certificate);
  dir.write(['tls', 'ca.pem'], certificate.caCert, PUBLIC);
  dir.write(['tls', 'root.pem'], certificate.rootCa, PUBLIC);
  return certificate;
}

/** The request a hub may admit: a node of its own region, or (the global hub) a certified regional hub. */
function admissible(hub: HubCertificate, document: unknown): JoinRequest {
  const isCertificate = (document as { type?: unknown } | null)?.type === HUB_CERTIFICATE;
  const request = isCertificate ? verifyHubCertificate(document, hub.authority).request : verifyJoinRequest(document);
  const { id, kind, region, parent } = request.party;
  if (kind === 'hub' && !isCertificate) {
    throw new FederationError(
      'NOT_CERTIFIED',
      `${id} is a hub: the mesh authority certifies it first (cirtmesh certify), then this hub admits the certified.json`,
    );
  }
  if (hub.hub.role === 'regional' && (kind !== 'node' || region !== hub.hub.id)) {
    throw new FederationError(
      'WRONG_REGION',
      `${id} asks to join region ${region ?? parent ?? 'none'}; hub ${hub.hub.id} admits only nodes of its own region`,
    );
  }
  if (hub.hub.role === 'global' && (kind !== 'hub' || parent !== hub.hub.id)) {
    throw new FederationError('WRONG_REGION', `the global hub ${hub.hub.id} admits regional hubs that name it as their parent, not ${id}`);
  }
  return request;
}

/**
 * A hub admits a new member: it checks the request, adds the member to its directory section
 * (a new version, signed), issues the member's leaf user JWT (signed by its account) and its TLS
 * certificate (signed by its CA), and returns the bundle the member connects with.
 */
export async function admit(hubRoot: string, document: unknown, options: AdmitOptions = {}): Promise<Bundle> {
  const dir = new PartyDir(hubRoot);
  const certificate = hubCertificate(dir);
  const request = admissible(certificate, document);
  const membership = readMembership(dir);
  const { id } = request.party;
  const held = membership.members.find((m) => m.id === id);
  if (held && !held.removed && held.keys[0]?.publicKey !== request.signingKey.publicKey) {
    throw new FederationError('ID_TAKEN', `${id} is already a member of ${certificate.hub.id} with another key`);
  }
  const tlsCert = signMemberCertificate(dir, id, request.csr);
  const leafJwt = await encodeUser(
    `${id}@${certificate.hub.id}`,
    request.leafUser,
    dir.nkey('account', () => {
      throw new Error(`${hubRoot} has no account key`);
    }),
    {
      allowed_connection_types: ['LEAFNODE'],
      pub: { allow: memberPermissions(certificate.hub.id, id).publish, deny: [] },
      sub: { allow: memberPermissions(certificate.hub.id, id).subscribe, deny: [] },
    },
    { algorithm: Algorithms.v2 },
  );
  const member: DirectoryMember = {
    ...request.party,
    ...(options.tier ? { tier: options.tier } : {}),
    keys: [request.signingKey],
  };
  delete (member as { parent?: string }).parent;
  const section = publishSection(dir, certificate, [...membership.members.filter((m) => m.id !== id), member], options.now);
  const directory = new DirectoryState(certificate.authority);
  directory.apply(section);
  return {
    type: 'cirtmesh/bundle',
    member: request.party,
    hub: certificate.hub.id,
    ...(options.leafUrl ? { leafUrl: options.leafUrl } : {}),
    leafJwt,
    tlsCert: tlsCert + certificate.caCert,
    rootCa: certificate.rootCa,
    directory: directory.document(),
  };
}

function readMembership(dir: PartyDir): Membership {
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

/** Signs a member's certificate request with the hub's CA, after checking it names the member. */
function signMemberCertificate(dir: PartyDir, member: string, csr: string): string {
  const work = `admit-${member}`;
  dir.write(['tls', work, 'member.csr'], csr, PUBLIC);
  dir.write(
    ['tls', work, 'member.ext'],
    'basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n',
    PUBLIC,
  );
  try {
    openssl(['req', '-verify', '-noout', '-in', `${work}/member.csr`], dir.path('tls'));
    const subject = openssl(['req', '-noout', '-subject', '-nameopt', 'RFC2253', '-in', `${work}/member.csr`], dir.path('tls')).trim();
    if (subject !== `subject=CN=${member}`)
      throw new FederationError(
        'BAD_CSR',
        `the certificate request of ${member} names ${subject.replace(/^subject=/, '')}, not CN=${member}`,
      );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${work}/member.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${work}/member.pem`,
      ].concat(['-days', MEMBER_CERT_DAYS, '-extfile', `${work}/member.ext`]),
      dir.path('tls'),
    );
    return dir.read('tls', work, 'member.pem');
  } finally {
    rmSync(dir.path('tls', work), { recursive: true, force: true });
  }
}
