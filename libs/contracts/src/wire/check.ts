import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import isISO8601 from 'validator/lib/isISO8601';
import isURL from 'validator/lib/isURL';
import isUUID from 'validator/lib/isUUID';
import type { AlertEvent } from '../alert';
import type { FeedbackEvent } from '../feedback';
import { checkIndicatorValue } from '../indicator';
import type { ReceiptEvent } from '../receipt';
import { isRestrictedTlp } from '../vocabulary';
import type { StoredEvent } from '../stored';
import { ALERT_EVENT_SCHEMA, FEEDBACK_EVENT_SCHEMA, RECEIPT_EVENT_SCHEMA, STORED_EVENT_SCHEMA } from './schemas';

// The formats mean what the classes' decorators mean: the same validator.js checks, same options.
const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true })
  .addFormat('iso8601', { type: 'string', validate: (s: string) => isISO8601(s, { strict: true }) })
  .addFormat('uuid7', { type: 'string', validate: (s: string) => isUUID(s, 7) })
  .addFormat('http-url', { type: 'string', validate: (s: string) => isURL(s, { require_protocol: true, protocols: ['http', 'https'] }) });

const alertEvent = ajv.compile<AlertEvent>(ALERT_EVENT_SCHEMA);
const receiptEvent = ajv.compile<ReceiptEvent>(RECEIPT_EVENT_SCHEMA);
const feedbackEvent = ajv.compile<FeedbackEvent>(FEEDBACK_EVENT_SCHEMA);
const storedEvent = ajv.compile<StoredEvent>(STORED_EVENT_SCHEMA);

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const field = e.instancePath.slice(1).replace(/\//g, '.');
    const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
    return `${field || 'event'}: ${e.message ?? 'is invalid'}${extra}`;
  });
}

function check<T>(validate: ValidateFunction<T>, document: unknown): { event: T; problems: [] } | { problems: string[] } {
  return validate(document) ? { event: document, problems: [] } : { problems: describe(validate.errors) };
}

/** The rules a schema cannot say: indicator values that fit their type, and named recipients for restricted TLP. */
function alertRules(event: AlertEvent): string[] {
  const alert = event.data;
  const problems: string[] = [];
  (alert.indicators ?? []).forEach((indicator, i) => {
    const result = checkIndicatorValue(indicator.type, indicator.value);
    if (!result.ok) problems.push(`data.indicators.${i}.value: value must be ${result.expected} for type ${indicator.type}`);
  });
  const named = (alert.recipients?.length ?? 0) > 0 || (Array.isArray(alert.groups) && alert.groups.length > 0);
  if (isRestrictedTlp(alert.tlp) && !named)
    problems.push('data.recipients: AMBER, AMBER+STRICT and RED need at least one recipient or group');
  return problems;
}

/**
 * The compiled structural checks of what arrives from another party: the same verdicts as the
 * class-validator classes, at a fraction of the cost. Each gives the event, or what is wrong with it.
 */
export const wireCheck = {
  alert: (document: unknown): { event: AlertEvent; problems: [] } | { problems: string[] } => {
    const result = check(alertEvent, document);
    if (!('event' in result)) return result;
    const problems = alertRules(result.event);
    return problems.length > 0 ? { problems } : result;
  },
  receipt: (document: unknown) => check(receiptEvent, document),
  feedback: (document: unknown) => check(feedbackEvent, document),
  stored: (document: unknown) => check(storedEvent, document),
};
