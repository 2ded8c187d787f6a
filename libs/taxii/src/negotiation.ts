import { TaxiiError } from './errors';

const TAXII_TYPE = 'application/taxii+json';

/** Whether a media type is TAXII's, with no version or version 2.1 (spaces and case aside). */
function isTaxii(mediaType: string): boolean {
  const [type, ...params] = mediaType.split(';').map((p) => p.trim().toLowerCase());
  if (type !== TAXII_TYPE) return false;
  const version = params.find((p) => p.startsWith('version='));
  return version === undefined || version === 'version=2.1';
}

/** A request must accept TAXII (TAXII 2.1 §1.6.8); `*\/*` and `application/*` do. Else 406. */
export function checkAccept(accept: string | undefined): void {
  const ranges = (accept ?? '*/*').split(',').map((r) => r.split(';q=')[0].trim().toLowerCase());
  if (ranges.some((r) => r === '*/*' || r === 'application/*' || r === '' || isTaxii(r))) return;
  throw new TaxiiError(406, 'Not acceptable', `this server answers ${TAXII_TYPE};version=2.1 only`);
}

/** A POST must send TAXII content. Else 415. */
export function checkContentType(contentType: string | undefined): void {
  if (contentType !== undefined && isTaxii(contentType)) return;
  throw new TaxiiError(415, 'Unsupported media type', `send the envelope as ${TAXII_TYPE};version=2.1`);
}
