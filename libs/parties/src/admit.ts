import {
  FederationError,
  HUB_CERTIFICATE,
  verifyHubCertificate,
  verifyJoinRequest,
  type DirectoryMember,
  type HubCertificate,
  type JoinRequest,
} from '@cirtmesh/federation';
import { memberPermissions, openssl } from '@cirtmesh/topology';
import { rmSync } from 'node:fs';
import { Algorithms, encodeUser } from 'nats-jwt';
import { heldDirectory, type Bundle } from './bundle';
import { hubCertificate } from './hub-certificate';
import { publishSection, readMembership, recordLeafUser } from './section';
import { PartyDir, PORTS_FILE, PUBLIC } from './party-dir';
import { addPolicyMember } from './policy-file';

const MEMBER_CERT_DAYS = '825';

export interface AdmitOptions {
  tier?: string;
  leafUrl?: string;
  now?: Date;
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
  recordLeafUser(dir, id, request.leafUser);
  addPolicyMember(dir, { id, kind: request.party.kind, tier: options.tier, country: request.party.country });
  // The running hub keeps its directory file itself (it picks the new section up from its file);
  // the bundle gets what the hub holds, with the new section.
  const directory = heldDirectory(dir, certificate.authority);
  directory.apply(section);
  const leafUrl = options.leafUrl ?? localLeafUrl(dir);
  return {
    type: 'cirtmesh/bundle',
    member: request.party,
    hub: certificate.hub.id,
    ...(leafUrl ? { leafUrl } : {}),
    leafJwt,
    tlsCert: tlsCert + certificate.caCert,
    rootCa: certificate.rootCa,
    directory: directory.document(),
  };
}

/** Where this hub's leaf port is on this machine, when it has run here. */
function localLeafUrl(dir: PartyDir): string | undefined {
  const ports = dir.exists(PORTS_FILE) ? dir.readJson<{ leaf?: number }>(PORTS_FILE) : {};
  return ports.leaf ? `tls://127.0.0.1:${ports.leaf}` : undefined;
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
