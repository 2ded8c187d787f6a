import { generateSigningKey, type SigningKey } from '@cirtmesh/crypto';
import { createUser } from 'nkeys.js';
import { certifyHub, verifyHubCertificate } from './certify';
import { DirectoryState, signSection } from './directory';
import type { DirectoryMember, HubCertificate, PartyIdentity } from './documents';
import { makeJoinRequest, verifyJoinRequest } from './join';
import { applyKeyRotation, makeKeyRotation } from './rotation';

const pem = (label: string): string => `-----BEGIN ${label}-----\n${'A'.repeat(64)}\n-----END ${label}-----\n`;
const now = new Date('2026-12-02T08:00:00Z');
const key = (id: string): SigningKey => generateSigningKey(id).key;
const authority = key('authority-1');

function hub(party: PartyIdentity, signing = key(`${party.id}-1`)): { certificate: HubCertificate; signing: SigningKey } {
  const request = makeJoinRequest({
    party,
    signingKey: signing,
    leafUser: createUser().getPublicKey(),
    csr: pem('CERTIFICATE REQUEST'),
    caCsr: pem('CERTIFICATE REQUEST'),
    now,
  });
  return {
    certificate: certifyHub(request, { authorityKey: authority, rootCa: pem('CERTIFICATE'), caCert: pem('CERTIFICATE'), now }),
    signing,
  };
}

const global = hub({ id: 'global', kind: 'hub', role: 'global' });
const africa = hub({ id: 'africa', kind: 'hub', role: 'regional', region: 'africa', parent: 'global' });
const asia = hub({ id: 'asia', kind: 'hub', role: 'regional', region: 'asia', parent: 'global' });

const node = (id: string, region: string, keys = [key(`${id}-1`)]): DirectoryMember => ({
  id,
  kind: 'node',
  role: 'national',
  region,
  country: 'GH',
  keys: keys.map((k) => ({ id: k.id, publicKey: k.publicKey })),
});

describe('join requests', () => {
  const gh = { id: 'gh', kind: 'node', role: 'national', region: 'africa', parent: 'africa', country: 'GH', name: 'CERT-GH' } as const;

  it('carry only public material and prove possession of the new key', () => {
    const signing = key('gh-1');
    const request = makeJoinRequest({
      party: gh,
      signingKey: signing,
      leafUser: createUser().getPublicKey(),
      csr: pem('CERTIFICATE REQUEST'),
      now,
    });
    const text = JSON.stringify(request);
    expect(text).not.toMatch(/PRIVATE KEY|"S[A-Z]{2}/);
    expect(verifyJoinRequest(JSON.parse(text))).toEqual(request);

    const other = key('gh-1');
    const swapped = { ...request, signingKey: { id: 'gh-1', publicKey: other.publicKey } };
    expect(() => verifyJoinRequest(swapped)).toThrow(expect.objectContaining({ code: 'BAD_SIGNATURE' }));
    expect(() => verifyJoinRequest({ ...request, party: { ...gh, region: 'asia' } })).toThrow(
      expect.objectContaining({ code: 'BAD_IDENTITY' }),
    );
    expect(() => verifyJoinRequest({ ...request, extra: 1 })).toThrow(
      /not a valid join request: document: must NOT have additional properties \(extra\)/,
    );
  });

  it('refuse an identity that does not fit the party', () => {
    const parts = { signingKey: key('x-1'), leafUser: createUser().getPublicKey(), csr: pem('CERTIFICATE REQUEST'), now };
    expect(() => makeJoinRequest({ ...parts, party: { ...gh, parent: 'asia' } })).toThrow(
      "gh: a node joins its region's hub (africa), not asia",
    );
    expect(() => makeJoinRequest({ ...parts, party: { id: 'eu', kind: 'hub', role: 'regional', region: 'eu', parent: 'global' } })).toThrow(
      'eu: a hub asks for its regional CA (caCsr)',
    );
  });
});

describe('hub certificates', () => {
  it("verify with the authority's key only", () => {
    expect(verifyHubCertificate(JSON.parse(JSON.stringify(africa.certificate)), authority.publicKey).hub.id).toBe('africa');
    expect(() => verifyHubCertificate(africa.certificate, key('authority-1').publicKey)).toThrow(
      expect.objectContaining({ code: 'BAD_CERTIFICATE' }),
    );
    const promoted = { ...africa.certificate, hub: { ...africa.certificate.hub, role: 'global' } };
    expect(() => verifyHubCertificate(promoted, authority.publicKey)).toThrow(expect.objectContaining({ code: 'BAD_CERTIFICATE' }));
  });
});

describe(DirectoryState.name, () => {
  it('applies a newer section, keeps the same one, and refuses an older one', () => {
    const state = new DirectoryState(authority.publicKey);
    const v1 = signSection(africa.certificate, 1, [node('ke', 'africa')], africa.signing, now);
    const v2 = signSection(africa.certificate, 2, [node('ke', 'africa'), node('gh', 'africa')], africa.signing, now);
    expect(state.apply(v1).outcome).toBe('applied');
    expect(state.apply(JSON.parse(JSON.stringify(v2))).outcome).toBe('applied');
    expect(state.apply(v2).outcome).toBe('unchanged');
    expect(() => state.apply(v1)).toThrow(expect.objectContaining({ code: 'OUT_OF_ORDER' }));
    const forkedV2 = signSection(africa.certificate, 2, [node('ke', 'africa')], africa.signing, now);
    expect(() => state.apply(forkedV2)).toThrow(expect.objectContaining({ code: 'OUT_OF_ORDER' }));
    expect(state.version('africa')).toBe(2);
    expect(
      state
        .keyring()
        .map((k) => k.owner)
        .sort(),
    ).toEqual(['africa', 'gh', 'ke']);
  });

  it('refuses a forged section and one that speaks for another region, and changes nothing', () => {
    const state = new DirectoryState(authority.publicKey);
    state.apply(signSection(asia.certificate, 1, [node('jp', 'asia')], asia.signing, now));
    const byImpostor = signSection(africa.certificate, 1, [node('ke', 'africa')], key('africa-1'), now);
    expect(() => state.apply(byImpostor)).toThrow(expect.objectContaining({ code: 'BAD_SIGNATURE' }));
    const tampered = { ...signSection(africa.certificate, 1, [node('ke', 'africa')], africa.signing, now), version: 7 };
    expect(() => state.apply(tampered)).toThrow(expect.objectContaining({ code: 'BAD_SIGNATURE' }));
    expect(() => state.apply(signSection(africa.certificate, 1, [node('jp', 'asia')], africa.signing, now))).toThrow(
      'hub africa cannot speak for jp (node in asia)',
    );
    expect(() => state.apply(signSection(africa.certificate, 1, [node('jp', 'africa')], africa.signing, now))).toThrow(
      'jp is a member of asia, not of africa',
    );
    expect(() => state.apply(signSection(global.certificate, 1, [node('ke', 'africa')], global.signing, now))).toThrow(
      'the global hub global speaks for regional hubs, not for ke',
    );
    const wrongOwner = { ...signSection(africa.certificate, 1, [], africa.signing, now), owner: 'asia' };
    expect(() => state.apply(wrongOwner)).toThrow(expect.objectContaining({ code: 'FORGED' }));
    expect(state.version('africa')).toBe(0);
    expect(state.member('jp')?.region).toBe('asia');
  });

  it("revokes a removed member's keys", () => {
    const state = new DirectoryState(authority.publicKey);
    const gh = { ...node('gh', 'africa'), removed: { at: now.toISOString(), reason: 'left the mesh' } };
    state.apply(signSection(africa.certificate, 3, [gh], africa.signing, now));
    expect(state.keyring().find((k) => k.owner === 'gh')).toMatchObject({ revoked: true });
    expect(DirectoryState.from(state.document()).version('africa')).toBe(3);
  });
});

describe('key rotations', () => {
  const old = key('gh-1');
  const next = key('gh-2');
  const member = node('gh', 'africa', [old]);

  it('add the new key and keep the old one for the overlap, capped', () => {
    const rotated = applyKeyRotation(member, JSON.parse(JSON.stringify(makeKeyRotation('gh', old, next, 3_600_000, now))), now);
    expect(rotated.keys).toEqual([
      { id: 'gh-1', publicKey: old.publicKey, validUntil: '2026-12-02T09:00:00.000Z' },
      { id: 'gh-2', publicKey: next.publicKey, validFrom: '2026-12-02T07:59:00.000Z' },
    ]);
    const long = applyKeyRotation(member, makeKeyRotation('gh', old, next, 90 * 86_400_000, now), now, 86_400_000);
    expect(long.keys[0].validUntil).toBe('2026-12-03T08:00:00.000Z');
  });

  it('refuse a rotation not signed by a key in force, for another member, or to a key already held', () => {
    expect(() => applyKeyRotation(member, makeKeyRotation('gh', key('gh-1'), next, 60_000, now), now)).toThrow(
      expect.objectContaining({ code: 'BAD_SIGNATURE' }),
    );
    expect(() => applyKeyRotation(member, makeKeyRotation('ke', old, next, 60_000, now), now)).toThrow(
      expect.objectContaining({ code: 'FORGED' }),
    );
    const expired = { ...member, keys: [{ ...member.keys[0], validUntil: '2026-12-01T00:00:00Z' }] };
    expect(() => applyKeyRotation(expired, makeKeyRotation('gh', old, next, 60_000, now), now)).toThrow(
      expect.objectContaining({ code: 'BAD_SIGNATURE' }),
    );
    expect(() => applyKeyRotation(member, makeKeyRotation('gh', old, old, 60_000, now), now)).toThrow(
      expect.objectContaining({ code: 'KEY_REUSED' }),
    );
    expect(() => applyKeyRotation(member, { type: 'cirtmesh/key-rotation' }, now)).toThrow(expect.objectContaining({ code: 'MALFORMED' }));
  });
});
