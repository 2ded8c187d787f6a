import { DomainError, type Alert, type AlertEvent, type Redaction } from '@cirtmesh/contracts';
import { canonicalJson, sha256Hex } from './canonical';
import { signBytes, verifyBytes, type SigningKey } from './keys';
import type { Keyring } from './keyring';

/** A hub's signed statement that it changed an alert, and only by redacting it. */
export interface Attestation {
  hub: string;
  kid: string;
  at: string;
  redactions: Redaction[];
  /** SHA-256 of the canonical form of the alert as the hub delivered it. */
  payloadSha256: string;
  /** The origin's signature over the original, which the hub verified. */
  originSig: string;
  sig: string;
}

export interface Provenance {
  origin: { node: string; kid: string };
  /** Every hub that changed the alert, in order. */
  attestations: Array<Omit<Attestation, 'sig' | 'originSig' | 'payloadSha256'>>;
}

export const SIGNATURE_CODES = ['UNSIGNED', 'BAD_SIGNATURE', 'UNKNOWN_KEY', 'REVOKED_KEY', 'KEY_NOT_VALID', 'BAD_ATTESTATION'] as const;
export type SignatureCode = (typeof SIGNATURE_CODES)[number];

/** Whether a refusal's code says a signature or an attestation did not verify. */
export const isSignatureCode = (code: string): code is SignatureCode => (SIGNATURE_CODES as readonly string[]).includes(code);

/** An alert whose signature or attestations do not verify: permanent, so its message is terminated. */
export class SignatureError extends DomainError {
  declare readonly code: SignatureCode;
  constructor(code: SignatureCode, message: string) {
    super(code, message, { permanent: true });
  }
}

const ALG = 'ed25519';

/** The origin signs the RFC 8785 canonical form of the alert. */
export function signAlertEvent(event: AlertEvent, key: SigningKey): AlertEvent {
  return { ...event, sigalg: ALG, sigkid: key.id, sig: signBytes(key, canonicalJson(event.data)) };
}

function decodeAttestations(event: AlertEvent): Attestation[] {
  if (!event.attestations) return [];
  try {
    const list = JSON.parse(Buffer.from(event.attestations, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(list)) throw new Error('not a list');
    return list as Attestation[];
  } catch {
    throw new SignatureError('BAD_ATTESTATION', `alert ${event.id} carries attestations that cannot be read`);
  }
}

const unsigned = (a: Attestation): Omit<Attestation, 'sig'> => ({
  hub: a.hub,
  kid: a.kid,
  at: a.at,
  redactions: a.redactions,
  payloadSha256: a.payloadSha256,
  originSig: a.originSig,
});

/** A hub that redacted: the new payload, the origin's signature kept, and its own attestation added. */
export function attestRedaction(
  event: AlertEvent,
  redacted: Alert,
  redactions: Redaction[],
  hub: string,
  key: SigningKey,
  now: Date,
): AlertEvent {
  const data = JSON.parse(JSON.stringify(redacted)) as Alert;
  const body: Omit<Attestation, 'sig'> = {
    hub,
    kid: key.id,
    at: now.toISOString(),
    redactions,
    payloadSha256: sha256Hex(canonicalJson(data)),
    originSig: event.sig ?? '',
  };
  const attestation: Attestation = { ...body, sig: signBytes(key, canonicalJson(body)) };
  const chain = [...decodeAttestations(event), attestation];
  return { ...event, data, attestations: canonicalJson(chain).toString('base64url') };
}

/**
 * Verifies an alert's provenance: the origin's signature over the alert, or, for a redacted alert,
 * every hub's attestation and that the last one covers exactly the payload delivered.
 */
export function verifyAlertEvent(event: AlertEvent, keyring: Keyring): Provenance {
  const alert = event.data;
  if (event.sigalg !== ALG || !event.sig || !event.sigkid) throw new SignatureError('UNSIGNED', `alert ${event.id} is not signed`);
  const origin = keyring.lookup(alert.origin, event.sigkid, new Date(alert.createdAt));
  if (!origin.ok) throw new SignatureError(origin.code, `alert ${event.id}: ${origin.reason}`);
  const chain = decodeAttestations(event);
  if (chain.length === 0) {
    if (!verifyBytes(origin.key, canonicalJson(alert), event.sig)) {
      throw new SignatureError('BAD_SIGNATURE', `alert ${event.id}: the signature of ${alert.origin} does not match the content`);
    }
  } else {
    for (const a of chain) {
      const hubKey = keyring.lookup(a.hub, a.kid, new Date(a.at));
      if (!hubKey.ok) throw new SignatureError(hubKey.code, `alert ${event.id}: attestation by ${a.hub}: ${hubKey.reason}`);
      if (!verifyBytes(hubKey.key, canonicalJson(unsigned(a)), a.sig)) {
        throw new SignatureError('BAD_ATTESTATION', `alert ${event.id}: the attestation of ${a.hub} does not verify`);
      }
      if (a.originSig !== event.sig)
        throw new SignatureError('BAD_ATTESTATION', `alert ${event.id}: an attestation vouches for another origin signature`);
    }
    if (chain[chain.length - 1].payloadSha256 !== sha256Hex(canonicalJson(alert))) {
      throw new SignatureError('BAD_SIGNATURE', `alert ${event.id}: the content differs from what ${chain[chain.length - 1].hub} attested`);
    }
  }
  return {
    origin: { node: alert.origin, kid: event.sigkid },
    attestations: chain.map((a) => ({ hub: a.hub, kid: a.kid, at: a.at, redactions: a.redactions })),
  };
}
