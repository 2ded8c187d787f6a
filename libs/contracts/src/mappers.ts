import { instanceToPlain, plainToInstance } from 'class-transformer';
import { DomainError } from './errors';
import { validateSync, type ValidationError } from 'class-validator';
import { Alert, ALERT_EVENT_TYPE, ALERT_SOURCE_PREFIX, AlertEvent } from './alert';
import type { DecisionRecord } from './decision';
import { FEEDBACK_EVENT_TYPE, FEEDBACK_SOURCE_PREFIX, FeedbackEvent, type Feedback } from './feedback';
import {
  RECEIPT_EVENT_TYPE,
  RECEIPT_SOURCE_PREFIX,
  ReceiptEvent,
  type DeliveryOutcome,
  type HandoffOutcome,
  type Outcome,
  type Receipt,
} from './receipt';
import { STORED_EVENT_TYPE, type StoredEvent, type StoredNotice } from './stored';
import type { AlertSubmissionDto } from './alert.dto';
import { wireCheck } from './wire/check';

/** Validation options shared by the HTTP API and the wire: unknown fields are errors. */
export const VALIDATION_OPTIONS = { whitelist: true, forbidNonWhitelisted: true } as const;

export interface FieldError {
  field: string;
  messages: string[];
}

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** Validation errors as one line each: `indicators.0.value: value must be ...`. */
export function describeValidationErrors(errors: ValidationError[], prefix = ''): string[] {
  return flattenValidationErrors(errors, prefix).flatMap((e) => e.messages.map((m) => `${e.field}: ${m}`));
}

/**
 * `value` as an instance of `schema`, unknown fields refused; what is wrong with it is pushed onto
 * `problems`, each named by its path under `path`.
 */
export function checkSchema<T extends object>(schema: new () => T, value: unknown, problems: string[], path = ''): T {
  const instance = plainToInstance(schema, value ?? {});
  problems.push(...describeValidationErrors(validateSync(instance, VALIDATION_OPTIONS), path));
  return instance;
}

/** The origin node turns a validated submission into an alert. */
export function toAlert(submission: AlertSubmissionDto, origin: string, id: string, now: Date): Alert {
  return plainToInstance(Alert, {
    ...instanceToPlain(submission),
    scope: submission.scope ?? 'regional',
    id,
    origin,
    createdAt: now.toISOString(),
  });
}

export function toAlertEvent(alert: Alert): AlertEvent {
  return {
    specversion: '1.0',
    id: alert.id,
    source: `${ALERT_SOURCE_PREFIX}${alert.origin}`,
    type: ALERT_EVENT_TYPE,
    time: alert.createdAt,
    datacontenttype: 'application/json',
    tlp: alert.tlp,
    severity: alert.severity,
    category: alert.category,
    scope: alert.scope,
    data: plainAlert(alert),
  };
}

/** A plain JSON copy of an alert, without class instances, for storage and responses. */
export function plainAlert(alert: Alert): Alert {
  return JSON.parse(JSON.stringify(alert)) as Alert;
}

/** A message from the wire that can never be a valid event: permanent, so it is terminated, not retried. */
export class InvalidAlertEventError extends DomainError {
  constructor(readonly problems: string[]) {
    super('INVALID_ALERT_EVENT', `invalid alert event: ${problems.join('; ')}`, { permanent: true });
  }
}

/**
 * Parses and validates an alert event from the wire. Throws InvalidAlertEventError for anything
 * that can never become valid; the caller terminates such a message rather than retrying it.
 */
export function parseAlertEvent(bytes: Uint8Array): AlertEvent {
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new InvalidAlertEventError(['payload is not JSON']);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new InvalidAlertEventError(['payload is not a JSON object']);
  }
  return validEnvelope(wireCheck.alert, document, (event) => [
    ...(event.id !== event.data.id ? ['id differs from data.id'] : []),
    ...(event.source !== `${ALERT_SOURCE_PREFIX}${event.data.origin}` ? ['source differs from data.origin'] : []),
    ...(['tlp', 'severity', 'category', 'scope'] as const)
      .filter((key) => event[key] !== event.data[key])
      .map((key) => `${key} differs from data.${key}`),
  ]);
}

export function encodeAlertEvent(event: AlertEvent): Uint8Array {
  return Buffer.from(JSON.stringify(event));
}

const OUTCOME_OF: Record<DecisionRecord['verdict'], Outcome> = { deliver: 'delivered', refuse: 'refused', defer: 'deferred' };

/** A hub's hand-offs to other hubs, for the alert's origin. */
export function toHandoffs(decisions: DecisionRecord[]): HandoffOutcome[] {
  return decisions
    .filter((d) => d.recipientKind === 'hub')
    .map((d) => ({
      to: d.recipient,
      outcome: OUTCOME_OF[d.verdict],
      reasons: d.reasons,
      decidedAt: d.decidedAt,
      ...(d.lane ? { lane: d.lane } : {}),
    }));
}

/** The node-level outcomes of a hub's decisions, for the alert's origin. */
export function toDeliveryOutcomes(decisions: DecisionRecord[]): DeliveryOutcome[] {
  return decisions
    .filter((d) => d.recipientKind === 'node')
    .map((d) => ({
      recipient: d.recipient,
      outcome: OUTCOME_OF[d.verdict],
      reasons: d.reasons,
      hub: d.hub,
      decidedAt: d.decidedAt,
      policy: d.policy,
      ...(d.redactions ? { redactions: d.redactions } : {}),
      ...(d.notBefore ? { notBefore: d.notBefore } : {}),
      ...(d.lane ? { lane: d.lane } : {}),
    }));
}

export function toReceiptEvent(id: string, receipt: Receipt, now: Date): ReceiptEvent {
  return {
    specversion: '1.0',
    id,
    source: `${RECEIPT_SOURCE_PREFIX}${receipt.hub}`,
    type: RECEIPT_EVENT_TYPE,
    time: now.toISOString(),
    datacontenttype: 'application/json',
    // Plain data already (the outcomes are made for it): no copy.
    data: receipt,
  };
}

export function toFeedbackEvent(id: string, feedback: Feedback, now: Date): FeedbackEvent {
  return {
    specversion: '1.0',
    id,
    source: `${FEEDBACK_SOURCE_PREFIX}${feedback.from}`,
    type: FEEDBACK_EVENT_TYPE,
    time: now.toISOString(),
    datacontenttype: 'application/json',
    data: JSON.parse(JSON.stringify(feedback)) as Feedback,
  };
}

export function toStoredEvent(id: string, notice: StoredNotice, now: Date): StoredEvent {
  return {
    specversion: '1.0',
    id,
    source: `${FEEDBACK_SOURCE_PREFIX}${notice.from}`,
    type: STORED_EVENT_TYPE,
    time: now.toISOString(),
    datacontenttype: 'application/json',
    data: notice,
  };
}

export type MeshEvent =
  | { kind: 'alert'; event: AlertEvent }
  | { kind: 'receipt'; event: ReceiptEvent }
  | { kind: 'feedback'; event: FeedbackEvent }
  | { kind: 'stored'; event: StoredEvent };

/** The alert a mesh message is about (the first, for a stored notice), and that alert's origin: what its log lines name. */
export function meshEventFields(message: MeshEvent): { alertId: string; origin: string } {
  if (message.kind === 'alert') return { alertId: message.event.data.id, origin: message.event.data.origin };
  if (message.kind === 'stored') return { alertId: message.event.data.alerts[0].alertId, origin: message.event.data.origin };
  return { alertId: message.event.data.alertId, origin: message.event.data.origin };
}

/** Parses what travels on ingest and delivery subjects: an alert, a receipt, feedback or a stored notice. */
export function parseMeshEvent(bytes: Uint8Array): MeshEvent {
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new InvalidAlertEventError(['payload is not JSON']);
  }
  const type = (document as { type?: unknown } | null)?.type;
  if (type === FEEDBACK_EVENT_TYPE) {
    const event = validEnvelope(wireCheck.feedback, document, (e) => [
      ...(e.source !== `${FEEDBACK_SOURCE_PREFIX}${e.data.from}` ? ['source differs from data.from'] : []),
      ...(e.data.kind === 'sighting' && !e.data.sighting ? ['a sighting needs data.sighting'] : []),
    ]);
    return { kind: 'feedback', event };
  }
  if (type === STORED_EVENT_TYPE) {
    const event = validEnvelope(wireCheck.stored, document, (e) =>
      e.source !== `${FEEDBACK_SOURCE_PREFIX}${e.data.from}` ? ['source differs from data.from'] : [],
    );
    return { kind: 'stored', event };
  }
  if (type !== RECEIPT_EVENT_TYPE) return { kind: 'alert', event: parseAlertEvent(bytes) };
  const event = validEnvelope(wireCheck.receipt, document, (e) =>
    e.source !== `${RECEIPT_SOURCE_PREFIX}${e.data.hub}` ? ['source differs from data.hub'] : [],
  );
  return { kind: 'receipt', event };
}

/**
 * Checks an event from the wire with its compiled check (see wire/), then the checks across its
 * fields once the schema holds.
 */
function validEnvelope<T>(
  check: (document: unknown) => { event: T } | { problems: string[] },
  document: unknown,
  crossChecks: (event: T) => string[],
): T {
  const result = check(document);
  if (!('event' in result)) throw new InvalidAlertEventError(result.problems);
  const problems = crossChecks(result.event);
  if (problems.length > 0) throw new InvalidAlertEventError(problems);
  return result.event;
}

export function encodeEvent(event: AlertEvent | ReceiptEvent | FeedbackEvent | StoredEvent): Uint8Array {
  return Buffer.from(JSON.stringify(event));
}
