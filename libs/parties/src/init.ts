import { openssl } from '@cirtmesh/topology';
import { makeJoinRequest, type JoinRequest, type PartyIdentity } from '@cirtmesh/federation';
import { chmodSync } from 'node:fs';
import { createAccount, createOperator, createUser } from 'nkeys.js';
import { PartyDir, PUBLIC, SECRET } from './party-dir';

/** Where the authority's public key and root CA go, for anyone who founds a party of the mesh. */
export interface AuthorityPublic {
  type: 'cirtmesh/authority';
  publicKey: string;
  rootCa: string;
}

/**
 * Founds a mesh: the authority's root CA and signing key, made in `dir` and kept there (offline
 * but for certifying hubs). Writes `authority.json`, the public half every party is given.
 */
export function initAuthority(root: string): AuthorityPublic {
  const dir = new PartyDir(root);
  const key = dir.signingKey('authority');
  if (!dir.exists('tls', 'root.pem')) {
    dir.write(['tls', '.keep'], '', PUBLIC);
    const days = '3650';
    openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'ed25519',
        '-nodes',
        '-keyout',
        'root.key',
        '-out',
        'root.pem',
        '-days',
        days,
        '-subj',
        '/CN=cirtmesh mesh root CA',
      ].concat(['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']),
      dir.path('tls'),
    );
    chmodSync(dir.path('tls', 'root.key'), SECRET);
  }
  const authority: AuthorityPublic = { type: 'cirtmesh/authority', publicKey: key.publicKey, rootCa: dir.read('tls', 'root.pem') };
  dir.writeJson(['authority.json'], authority);
  return authority;
}

/**
 * A new party's own keys, made in `dir`: its signing key, its nats-server's operator, system and
 * own account, its app and leaf users, its leaf-link TLS key (and, for a hub, its CA key); then
 * its join request, which holds only public material, in `dir/join-request.json`.
 */
export function initParty(root: string, party: PartyIdentity): JoinRequest {
  const dir = new PartyDir(root);
  if (dir.exists('party.json')) {
    const held = dir.readJson<PartyIdentity>('party.json');
    if (held.id !== party.id) throw new Error(`${root} already holds party ${held.id}; use another directory for ${party.id}`);
  }
  dir.writeJson(['party.json'], party);
  const signingKey = dir.signingKey(party.id);
  dir.nkey('operator', createOperator);
  dir.nkey('account.SYS', createAccount);
  dir.nkey('account', createAccount);
  dir.nkey('user.app', createUser);
  const leafUser = dir.nkey('user.leaf', createUser).getPublicKey();
  const csr = certificateRequest(dir, 'leaf', party.id);
  const caCsr = party.kind === 'hub' ? certificateRequest(dir, 'ca', `${party.id} CA`) : undefined;
  const request = makeJoinRequest({ party, signingKey, leafUser, csr, caCsr });
  dir.writeJson(['join-request.json'], request);
  return request;
}

/** A key (kept) and its certificate request (public), made once. */
function certificateRequest(dir: PartyDir, name: string, commonName: string): string {
  if (!dir.exists('tls', `${name}.csr`)) {
    dir.write(['tls', '.keep'], '', PUBLIC);
    openssl(
      ['req', '-new', '-newkey', 'ed25519', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${commonName}`],
      dir.path('tls'),
    );
  }
  chmodSync(dir.path('tls', `${name}.key`), SECRET);
  return dir.read('tls', `${name}.csr`);
}
