/**
 * JSON Schemas of what travels between parties: alert, receipt, feedback and stored events. They state
 * exactly what the class-validator classes (the one definition, used at the HTTP edge) accept,
 * so that a message from the wire is checked by a compiled validator instead: the contract test
 * (`wire.spec.ts`) holds both to the same verdicts. Formats: `iso8601`, `uuid7`, `http-url`.
 */
import { ALERT_EVENT_TYPE } from '../alert';
import { FEEDBACK_EVENT_TYPE, FEEDBACK_KINDS, MAX_SIGHTING_COUNT } from '../feedback';
import { PARTY_ID, POLICY_NAME } from '../ids';
import { OUTCOMES, RECEIPT_EVENT_TYPE } from '../receipt';
import { MAX_STORED_PER_NOTICE, STORED_EVENT_TYPE } from '../stored';
import { LANES } from '../subjects';
import { CATEGORIES, INDICATOR_TYPES, LIMITS, SCOPES, SEVERITIES, TLPS } from '../vocabulary';

type Schema = Record<string, unknown>;

/**
 * An object of exactly these properties; the ones not in `required` may also be null (as
 * `@IsOptional` allows), except those in `notNull`.
 */
function object(properties: Record<string, Schema>, required: string[], notNull: string[] = []): Schema {
  const nullable = (key: string): boolean => !required.includes(key) && !notNull.includes(key);
  const props = Object.fromEntries(
    Object.entries(properties).map(([key, schema]) => [key, nullable(key) ? { anyOf: [{ type: 'null' }, schema] } : schema]),
  );
  return { type: 'object', properties: props, required, additionalProperties: false };
}

const text = (min: number, max: number): Schema => ({ type: 'string', minLength: min, maxLength: max });
const list = (items: Schema, max: number, min = 0): Schema => ({ type: 'array', items, maxItems: max, ...(min ? { minItems: min } : {}) });
const oneOf = (values: readonly string[]): Schema => ({ type: 'string', enum: [...values] });
const iso = { type: 'string', format: 'iso8601' };
const uuid7 = { type: 'string', format: 'uuid7' };
const party = { type: 'string', pattern: PARTY_ID.source };

const indicator = object({ type: oneOf(INDICATOR_TYPES), value: text(1, LIMITS.indicatorValueMax) }, ['type', 'value']);

const campaign = object({ reports: { type: 'integer', minimum: 1 }, firstSeen: iso, lastSeen: iso, types: list(text(0, 64), 20) }, [
  'reports',
  'firstSeen',
  'lastSeen',
  'types',
]);

const alert = object(
  {
    title: text(1, LIMITS.titleMax),
    description: text(0, LIMITS.descriptionMax),
    category: oneOf(CATEGORIES),
    severity: oneOf(SEVERITIES),
    tlp: oneOf(TLPS),
    scope: oneOf(SCOPES),
    recipients: list(party, LIMITS.recipientsMax, 1),
    groups: list({ type: 'string', pattern: POLICY_NAME.source }, LIMITS.groupsMax),
    indicators: list(indicator, LIMITS.indicatorsMax),
    sectors: list(text(1, LIMITS.sectorMax), LIMITS.sectorsMax),
    references: list({ type: 'string', format: 'http-url', maxLength: LIMITS.referenceMax }, LIMITS.referencesMax),
    validUntil: iso,
    notBefore: iso,
    id: uuid7,
    origin: party,
    createdAt: iso,
    campaign,
  },
  // The scope may be left out here as in a submission; the envelope's own scope must equal it.
  ['title', 'category', 'severity', 'tlp', 'id', 'origin', 'createdAt'],
  // Recipients, once given, must be a list (the classes' `@ValidateIf`).
  ['recipients'],
);

/** The CloudEvents context every mesh event carries, with its own `type`, `data` and extensions. */
function envelope(type: string, data: Schema, extensions: Record<string, Schema> = {}, required: string[] = []): Schema {
  return object(
    {
      specversion: { const: '1.0' },
      id: uuid7,
      source: { type: 'string' },
      time: iso,
      datacontenttype: { const: 'application/json' },
      type: { const: type },
      data,
      ...extensions,
    },
    ['specversion', 'id', 'source', 'time', 'datacontenttype', 'type', 'data', ...required],
  );
}

export const ALERT_EVENT_SCHEMA = envelope(
  ALERT_EVENT_TYPE,
  alert,
  {
    tlp: { type: 'string' },
    severity: { type: 'string' },
    category: { type: 'string' },
    scope: { type: 'string' },
    sigalg: { const: 'ed25519' },
    sigkid: text(0, 64),
    sig: { type: 'string', pattern: '^[A-Za-z0-9_-]{86}$' },
    attestations: text(0, 200_000),
  },
  ['tlp', 'severity', 'category', 'scope'],
);

const reason = object({ code: text(0, 100), text: text(0, 1_000) }, ['code', 'text']);
const redaction = object({ field: text(0, 200), action: text(0, 100) }, ['field', 'action']);
const outcome = object(
  {
    recipient: party,
    outcome: oneOf(OUTCOMES),
    reasons: list(reason, 50),
    hub: party,
    decidedAt: iso,
    policy: text(0, 64),
    redactions: list(redaction, 1_000),
    notBefore: iso,
    lane: oneOf(LANES),
  },
  ['recipient', 'outcome', 'reasons', 'hub', 'decidedAt', 'policy'],
);

const handoff = object({ to: party, outcome: oneOf(OUTCOMES), reasons: list(reason, 50), decidedAt: iso, lane: oneOf(LANES) }, [
  'to',
  'outcome',
  'reasons',
  'decidedAt',
]);

export const RECEIPT_EVENT_SCHEMA = envelope(
  RECEIPT_EVENT_TYPE,
  object({ alertId: uuid7, origin: party, hub: party, outcomes: list(outcome, 1_000), handoffs: list(handoff, 1_000) }, [
    'alertId',
    'origin',
    'hub',
    'outcomes',
  ]),
);

/** Stored notices have no class: nodes make them from their own log, never from a request. */
export const STORED_EVENT_SCHEMA = envelope(
  STORED_EVENT_TYPE,
  object(
    {
      origin: party,
      from: party,
      alerts: list(object({ alertId: uuid7, at: iso }, ['alertId', 'at']), MAX_STORED_PER_NOTICE, 1),
    },
    ['origin', 'from', 'alerts'],
  ),
);

const sighting = object(
  { count: { type: 'integer', minimum: 1, maximum: MAX_SIGHTING_COUNT }, firstSeen: iso, lastSeen: iso, note: text(0, 1_000) },
  ['count', 'firstSeen', 'lastSeen'],
);

export const FEEDBACK_EVENT_SCHEMA = envelope(
  FEEDBACK_EVENT_TYPE,
  object({ alertId: uuid7, origin: party, from: party, kind: oneOf(FEEDBACK_KINDS), at: iso, note: text(0, 1_000), sighting }, [
    'alertId',
    'origin',
    'from',
    'kind',
    'at',
  ]),
);
