import { certifyHub, verifyJoinRequest, type HubCertificate } from '@cirtmesh/federation';
import { openssl } from '@cirtmesh/topology';
import { rmSync } from 'node:fs';
import { PartyDir, PUBLIC } from './party-dir';

const HUB_CA_DAYS = '1825';

/**
 * The authority certifies a hub: it checks the hub's join request, signs its regional CA with the
 * mesh root CA (a CA for leaf certificates only: path length 0), and signs the hub's identity and
 * key. The result (`certified.json`) is public; the hub takes it to the hub above it to be admitted.
 */
export function certifyRequest(authorityRoot: string, document: unknown, now = new Date()): HubCertificate {
  const dir = new PartyDir(authorityRoot);
  if (!dir.exists('tls', 'root.key')) throw new Error(`${authorityRoot} is not an authority's directory (run cirtmesh init authority)`);
  const request = verifyJoinRequest(document);
  if (request.party.kind !== 'hub' || !request.caCsr) {
    throw new Error(`${request.party.id} is a node: its regional hub admits it with cirtmesh admit; the authority certifies hubs only`);
  }
  const work = `certify-${request.party.id}`;
  dir.write(['tls', work, 'ca.csr'], request.caCsr, PUBLIC);
  dir.write(['tls', work, 'ca.ext'], 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n', PUBLIC);
  try {
    openssl(['req', '-verify', '-noout', '-in', `${work}/ca.csr`], dir.path('tls'));
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${work}/ca.csr`,
        '-CA',
        'root.pem',
        '-CAkey',
        'root.key',
        '-CAcreateserial',
        '-out',
        `${work}/ca.pem`,
      ].concat(['-days', HUB_CA_DAYS, '-extfile', `${work}/ca.ext`]),
      dir.path('tls'),
    );
    const caCert = dir.read('tls', work, 'ca.pem');
    return certifyHub(request, { authorityKey: dir.signingKey('authority'), rootCa: dir.read('tls', 'root.pem'), caCert, now });
  } finally {
    rmSync(dir.path('tls', work), { recursive: true, force: true });
  }
}
