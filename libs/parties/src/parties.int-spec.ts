import { DirectoryState, type HubCertificate, type JoinRequest } from '@cirtmesh/federation';
import { testTempDir } from '@cirtmesh/testing';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'nats-jwt';
import { fromSeed } from 'nkeys.js';
import { admit } from './admit';
import type { Bundle } from './bundle';
import { importCertificate } from './hub-certificate';
import { certifyRequest } from './certify';
import { initAuthority, initParty } from './init';

/** Every file under a directory, with its text. */
function files(root: string): Array<{ path: string; text: string; mode: number }> {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .map((path) => ({ path, text: readFileSync(path, 'utf8'), mode: statSync(path).mode & 0o777 }));
}

/** The private material in a text: PEM private keys and nkey seeds. */
function secretsIn(text: string): string[] {
  return [...text.matchAll(/-----BEGIN PRIVATE KEY-----[^-]+-----END PRIVATE KEY-----|\bS[OAU][A-Z2-7]{56}\b/g)].map((m) => m[0]);
}

/** Founding a mesh and admitting parties, each from its own directory, with only public documents between them. */
describe('a federation of parties', () => {
  const root = testTempDir('cirtmesh-parties-');
  const dir = (id: string): string => join(root, id);
  const request = (id: string): JoinRequest => JSON.parse(readFileSync(join(dir(id), 'join-request.json'), 'utf8')) as JoinRequest;
  let africaCertified: HubCertificate;
  let ghBundle: Bundle;

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('founds the mesh, certifies and admits a regional hub, and admits a node with a bundle that verifies', async () => {
    const authority = initAuthority(dir('authority'));
    initParty(dir('global'), { id: 'global', kind: 'hub', role: 'global' });
    importCertificate(dir('global'), JSON.parse(JSON.stringify(certifyRequest(dir('authority'), request('global')))));
    initParty(dir('africa'), { id: 'africa', kind: 'hub', role: 'regional', region: 'africa', parent: 'global', name: 'Africa' });
    africaCertified = certifyRequest(dir('authority'), request('africa'));
    importCertificate(dir('africa'), africaCertified);
    const africaBundle = await admit(dir('global'), JSON.parse(JSON.stringify(africaCertified)), { leafUrl: 'tls://127.0.0.1:7422' });
    expect(africaBundle).toMatchObject({ hub: 'global', member: { id: 'africa' }, leafUrl: 'tls://127.0.0.1:7422' });

    initParty(dir('gh'), { id: 'gh', kind: 'node', role: 'national', region: 'africa', parent: 'africa', name: 'CERT-GH', country: 'GH' });
    ghBundle = await admit(dir('africa'), request('gh'), { tier: 'national' });

    // The directory in the bundle verifies from the authority's key alone, and lists gh with its key.
    const directory = DirectoryState.from(JSON.parse(JSON.stringify(ghBundle.directory)) as Bundle['directory']);
    expect(directory.authority).toBe(authority.publicKey);
    expect(directory.member('gh')).toMatchObject({ region: 'africa', tier: 'national', keys: [request('gh').signingKey] });

    // The leaf user JWT: gh's own public nkey, signed by africa's account, with a member's permissions.
    const claims = decode<{ pub: { allow: string[] }; allowed_connection_types: string[] }>(ghBundle.leafJwt);
    const africaAccount = readFileSync(join(dir('africa'), 'nkeys', 'account.nk'), 'utf8');
    expect(claims.sub).toBe(request('gh').leafUser);
    expect(claims.iss).toBe(fromSeed(new TextEncoder().encode(africaAccount.trim())).getPublicKey());
    expect(claims.nats.allowed_connection_types).toEqual(['LEAFNODE']);
    expect(claims.nats.pub?.allow).toContain('mesh.ingest.africa.gh');

    // gh's leaf certificate chains to the mesh root through africa's CA.
    const chain = join(root, 'chain');
    writeFileSync(join(root, 'gh.pem'), ghBundle.tlsCert.slice(0, ghBundle.tlsCert.indexOf('-----END CERTIFICATE-----') + 26));
    writeFileSync(chain, africaCertified.caCert);
    writeFileSync(join(root, 'root.pem'), ghBundle.rootCa);
    const verified = execFileSync('openssl', [
      'verify',
      '-CAfile',
      join(root, 'root.pem'),
      '-untrusted',
      chain,
      join(root, 'gh.pem'),
    ]).toString();
    expect(verified.trim()).toMatch(/gh\.pem: OK$/);
  });

  it("keeps each party's secrets in its own directory only, and none in what they exchange", () => {
    const parties = ['authority', 'global', 'africa', 'gh'];
    const own = new Map(parties.map((p) => [p, new Set(files(dir(p)).flatMap((f) => secretsIn(f.text)))]));
    for (const party of parties) {
      expect(own.get(party)!.size).toBeGreaterThan(0);
      for (const file of files(dir(party))) {
        const secrets = secretsIn(file.text);
        if (secrets.length > 0) expect({ file: file.path, mode: file.mode }).toEqual({ file: file.path, mode: 0o600 });
        for (const other of parties.filter((p) => p !== party)) {
          expect(secrets.filter((s) => own.get(other)!.has(s))).toEqual([]);
        }
      }
    }
    for (const document of [request('gh'), request('africa'), africaCertified, ghBundle])
      expect(secretsIn(JSON.stringify(document))).toEqual([]);
  });

  it('refuses what a hub may not admit, and what the authority may not certify', async () => {
    initParty(dir('jp'), { id: 'jp', kind: 'node', role: 'national', region: 'asia', parent: 'asia', country: 'JP' });
    await expect(admit(dir('africa'), request('jp'))).rejects.toMatchObject({ code: 'WRONG_REGION' });
    await expect(admit(dir('global'), request('gh'))).rejects.toMatchObject({ code: 'WRONG_REGION' });
    initParty(dir('asia'), { id: 'asia', kind: 'hub', role: 'regional', region: 'asia', parent: 'global' });
    await expect(admit(dir('global'), request('asia'))).rejects.toMatchObject({ code: 'NOT_CERTIFIED' });
    expect(() => certifyRequest(dir('authority'), request('gh'))).toThrow(/gh is a node/);
    const forged = { ...request('gh'), party: { ...request('gh').party, name: 'someone else' } };
    await expect(admit(dir('africa'), forged)).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });
    initParty(dir('gh2'), { id: 'gh', kind: 'node', role: 'national', region: 'africa', parent: 'africa', country: 'GH' });
    await expect(admit(dir('africa'), request('gh2'))).rejects.toMatchObject({ code: 'ID_TAKEN' });
  });
});
