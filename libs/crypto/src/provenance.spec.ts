import { toAlertEvent, type Alert } from '@cirtmesh/contracts';
import { canonicalJson } from './canonical';
import { generateSigningKey } from './keys';
import { Keyring } from './keyring';
import { attestRedaction, signAlertEvent, SignatureError, verifyAlertEvent } from './provenance';

const node = generateSigningKey('ke-1');
const hub = generateSigningKey('africa-1');
const now = new Date('2026-11-22T12:00:00Z');
const alert = {
  id: '01a201ed-9ddc-746a-8036-7b6ac8851935',
  origin: 'ke',
  createdAt: '2026-11-22T11:59:00.000Z',
  title: 'Mail from jane@bank.example',
  category: 'phishing',
  severity: 'high',
  tlp: 'GREEN',
  scope: 'regional',
  indicators: [{ type: 'email', value: 'jane@bank.example' }],
} as unknown as Alert;
const keyring = (overrides: { revoked?: boolean; validUntil?: string } = {}) =>
  new Keyring([
    { owner: 'ke', id: 'ke-1', publicKey: node.key.publicKey, ...overrides },
    { owner: 'africa', id: 'africa-1', publicKey: hub.key.publicKey },
  ]);
const code = (f: () => unknown): string => {
  try {
    f();
    return 'ok';
  } catch (error) {
    return (error as SignatureError).code;
  }
};

describe(verifyAlertEvent.name, () => {
  const signed = signAlertEvent(toAlertEvent(alert), node.key);

  it('accepts what the origin signed, whatever the key order of the JSON', () => {
    const reordered = JSON.parse(
      JSON.stringify({ ...signed, data: Object.fromEntries(Object.entries(signed.data).reverse()) }),
    ) as typeof signed;
    expect(verifyAlertEvent(reordered, keyring())).toEqual({ origin: { node: 'ke', kid: 'ke-1' }, attestations: [] });
  });

  it('refuses unsigned, tampered, unknown-key and revoked-key alerts, each with its code', () => {
    expect(code(() => verifyAlertEvent(toAlertEvent(alert), keyring()))).toBe('UNSIGNED');
    expect(code(() => verifyAlertEvent({ ...signed, data: { ...signed.data, title: 'changed' } }, keyring()))).toBe('BAD_SIGNATURE');
    expect(code(() => verifyAlertEvent({ ...signed, sigkid: 'ke-9' }, keyring()))).toBe('UNKNOWN_KEY');
    expect(code(() => verifyAlertEvent(signed, keyring({ revoked: true })))).toBe('REVOKED_KEY');
    expect(code(() => verifyAlertEvent(signed, keyring({ validUntil: '2026-11-22T11:00:00Z' })))).toBe('KEY_NOT_VALID');
  });

  it("verifies a redacting hub's attestation, and refuses content changed after it", () => {
    const redacted = {
      ...alert,
      title: 'Mail from j***@bank.example',
      indicators: [{ type: 'email', value: 'j***@bank.example' }],
    } as Alert;
    const attested = attestRedaction(signed, redacted, [{ field: 'indicators.0.value', action: 'email-local' }], 'africa', hub.key, now);
    expect(verifyAlertEvent(attested, keyring()).attestations).toEqual([
      { hub: 'africa', kid: 'africa-1', at: now.toISOString(), redactions: [{ field: 'indicators.0.value', action: 'email-local' }] },
    ]);
    expect(code(() => verifyAlertEvent({ ...attested, data: { ...attested.data, title: 'other' } }, keyring()))).toBe('BAD_SIGNATURE');
    const forged = attestRedaction(signed, redacted, [], 'africa', generateSigningKey('africa-1').key, now);
    expect(code(() => verifyAlertEvent(forged, keyring()))).toBe('BAD_ATTESTATION');
  });
});

describe(canonicalJson.name, () => {
  it('is RFC 8785: sorted keys, no whitespace, ES number forms', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 1e21, c: 'é' }] }).toString()).toBe('{"a":[2,{"c":"é","d":1e+21}],"b":1}');
  });
});
