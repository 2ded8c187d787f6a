/** JSON Schemas of the federation's documents: a structural check before any signature is looked at. */

const ID = { type: 'string', pattern: '^[a-z][a-z0-9-]{0,31}$' } as const;
const TIME = { type: 'string', format: 'iso8601' } as const;
const PEM = { type: 'string', minLength: 32, maxLength: 16_384, pattern: '^-----BEGIN ' } as const;
const SIGNATURE = {
  type: 'object',
  additionalProperties: false,
  required: ['kid', 'value'],
  properties: { kid: { type: 'string', minLength: 1, maxLength: 64 }, value: { type: 'string', pattern: '^[A-Za-z0-9_-]{86}$' } },
} as const;

export const PUBLIC_KEY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'publicKey'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 64 },
    publicKey: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' },
    validFrom: TIME,
    validUntil: TIME,
    revoked: { type: 'boolean' },
  },
} as const;

const IDENTITY = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'role'],
  properties: {
    id: ID,
    kind: { enum: ['node', 'hub'] },
    role: { enum: ['national', 'regional', 'global'] },
    region: ID,
    parent: ID,
    name: { type: 'string', minLength: 1, maxLength: 120 },
    country: { type: 'string', pattern: '^[A-Z]{2}$' },
  },
} as const;

export const JOIN_REQUEST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'party', 'signingKey', 'leafUser', 'csr', 'createdAt', 'sig'],
  properties: {
    type: { const: 'cirtmesh/join-request' },
    party: IDENTITY,
    signingKey: PUBLIC_KEY_SCHEMA,
    leafUser: { type: 'string', pattern: '^U[A-Z2-7]{55}$' },
    csr: PEM,
    caCsr: PEM,
    createdAt: TIME,
    sig: SIGNATURE,
  },
} as const;

export const HUB_CERTIFICATE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'hub', 'signingKeys', 'caCert', 'rootCa', 'authority', 'issuedAt', 'request', 'sig'],
  properties: {
    type: { const: 'cirtmesh/hub-certificate' },
    hub: IDENTITY,
    signingKeys: { type: 'array', minItems: 1, maxItems: 16, items: PUBLIC_KEY_SCHEMA },
    caCert: PEM,
    rootCa: PEM,
    authority: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' },
    issuedAt: TIME,
    request: JOIN_REQUEST_SCHEMA,
    sig: SIGNATURE,
  },
} as const;

const MEMBER = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'role', 'keys'],
  properties: {
    ...IDENTITY.properties,
    tier: { type: 'string', minLength: 1, maxLength: 64 },
    keys: { type: 'array', maxItems: 16, items: PUBLIC_KEY_SCHEMA },
    removed: {
      type: 'object',
      additionalProperties: false,
      required: ['at', 'reason'],
      properties: { at: TIME, reason: { type: 'string', maxLength: 500 } },
    },
  },
} as const;

export const DIRECTORY_SECTION_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'owner', 'version', 'issuedAt', 'certificate', 'members', 'sig'],
  properties: {
    type: { const: 'cirtmesh/directory-section' },
    owner: ID,
    version: { type: 'integer', minimum: 1 },
    issuedAt: TIME,
    certificate: HUB_CERTIFICATE_SCHEMA,
    members: { type: 'array', maxItems: 10_000, items: MEMBER },
    sig: SIGNATURE,
  },
} as const;

export const KEY_ROTATION_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'party', 'key', 'replaces', 'overlapUntil', 'createdAt', 'sig'],
  properties: {
    type: { const: 'cirtmesh/key-rotation' },
    party: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,31}$' },
    key: PUBLIC_KEY_SCHEMA,
    replaces: { type: 'string', minLength: 1, maxLength: 64 },
    overlapUntil: TIME,
    createdAt: TIME,
    sig: SIGNATURE,
  },
} as const;
