import { FederationError, verifyHubCertificate, type HubCertificate, type JoinRequest, type PartyIdentity } from '@cirtmesh/federation';
import { openssl } from '@cirtmesh/topology';
import { publishSection, readMembership, SECTION_FILE } from './section';
import { keepDirectory } from './bundle';
import { PartyDir, PUBLIC } from './party-dir';
import { writeDefaultPolicy } from './policy-file';

const SERVER_CERT_DAYS = '825';

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
  signServerCertificate(dir);
  writeDefaultPolicy(dir, party);
  const membership = readMembership(dir);
  const section = membership.version > 0 ? dir.readJson<never>(SECTION_FILE) : publishSection(dir, certificate, []);
  keepDirectory(dir, certificate.authority, [section]);
  return certificate;
}

/** The hub's own leaf-port certificate, from its own request, signed by its CA: members verify it to the mesh root. */
function signServerCertificate(dir: PartyDir): void {
  dir.write(
    ['tls', 'server.ext'],
    'basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n',
    PUBLIC,
  );
  openssl(
    ['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.cert.pem'].concat([
      '-days',
      SERVER_CERT_DAYS,
      '-extfile',
      'server.ext',
    ]),
    dir.path('tls'),
  );
  dir.write(['tls', 'server.pem'], dir.read('tls', 'server.cert.pem') + dir.read('tls', 'ca.pem'), PUBLIC);
}
