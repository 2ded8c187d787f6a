import { DomainError } from '@cirtmesh/contracts';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import isISO8601 from 'validator/lib/isISO8601';
import type { DirectorySection, HubCertificate, JoinRequest, KeyRotation } from './documents';
import { DIRECTORY_SECTION_SCHEMA, HUB_CERTIFICATE_SCHEMA, JOIN_REQUEST_SCHEMA, KEY_ROTATION_SCHEMA } from './schemas';

/** A federation document that is not what it claims to be: malformed, forged, out of order or out of bounds. */
export class FederationError extends DomainError {
  constructor(code: string, message: string) {
    super(code, message, { permanent: true });
  }
}

const ajv = new Ajv({ allErrors: true, strict: true }).addFormat('iso8601', {
  type: 'string',
  validate: (s: string) => isISO8601(s, { strict: true }),
});

const validators = {
  'join request': ajv.compile<JoinRequest>(JOIN_REQUEST_SCHEMA),
  'hub certificate': ajv.compile<HubCertificate>(HUB_CERTIFICATE_SCHEMA),
  'directory section': ajv.compile<DirectorySection>(DIRECTORY_SECTION_SCHEMA),
  'key rotation': ajv.compile<KeyRotation>(KEY_ROTATION_SCHEMA),
};

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 5)
    .map((e) => {
      const field = e.instancePath.slice(1).replace(/\//g, '.');
      const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
      return `${field || 'document'}: ${e.message ?? 'is invalid'}${extra}`;
    })
    .join('; ');
}

function checked<T>(what: keyof typeof validators, document: unknown): T {
  const validate = validators[what] as ValidateFunction<T>;
  if (!validate(document)) throw new FederationError('MALFORMED', `not a valid ${what}: ${describe(validate.errors)}`);
  return document;
}

export const checkJoinRequest = (document: unknown): JoinRequest => checked('join request', document);
export const checkHubCertificate = (document: unknown): HubCertificate => checked('hub certificate', document);
export const checkDirectorySection = (document: unknown): DirectorySection => checked('directory section', document);
export const checkKeyRotation = (document: unknown): KeyRotation => checked('key rotation', document);
