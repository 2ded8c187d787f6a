import { canonicalJson, type SigningKey } from '@cirtmesh/crypto';
import { FederationError, checkHubCertificate } from './check';
import { HUB_CERTIFICATE, type HubCertificate, type JoinRequest } from './documents';
import { verifyJoinRequest } from './join';
import { signDocument, verifyDocument } from './signed';

export interface Certification {
  authorityKey: SigningKey;
  rootCa: string;
  /** The hub's CA certificate, made from its request's `caCsr` and signed by the root CA. */
  caCert: string;
  now?: Date;
}

/** The authority's certificate of a hub: its identity, signing key and regional CA. */
export function certifyHub(request: JoinRequest, certification: Certification): HubCertificate {
  const checked = verifyJoinRequest(request);
  if (checked.party.kind !== 'hub')
    throw new FederationError('NOT_A_HUB', `${checked.party.id} is a node: its hub admits it, the authority does not`);
  const { authorityKey, rootCa, caCert, now = new Date() } = certification;
  return signDocument<HubCertificate>(
    {
      type: HUB_CERTIFICATE,
      hub: checked.party,
      signingKeys: [checked.signingKey],
      caCert,
      rootCa,
      authority: authorityKey.publicKey,
      issuedAt: now.toISOString(),
      request: checked,
    },
    authorityKey,
  );
}

/** Checks a hub certificate against the authority's public key: shape, signature, and that it certifies the request it holds. */
export function verifyHubCertificate(document: unknown, authority: string): HubCertificate {
  const certificate = checkHubCertificate(document);
  const id = certificate.hub.id;
  if (certificate.authority !== authority || !verifyDocument(certificate, authority)) {
    throw new FederationError('BAD_CERTIFICATE', `the certificate of hub ${id} is not signed by this mesh's authority`);
  }
  const request = verifyJoinRequest(certificate.request);
  if (!canonicalJson(request.party).equals(canonicalJson(certificate.hub))) {
    throw new FederationError('BAD_CERTIFICATE', `the certificate of hub ${id} does not match the request it certifies`);
  }
  return certificate;
}
