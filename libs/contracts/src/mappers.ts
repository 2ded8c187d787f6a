import { instanceToPlain, plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { Alert, ALERT_EVENT_TYPE, ALERT_SOURCE_PREFIX, AlertEvent } from './alert';
import type { AlertSubmissionDto } from './alert.dto';

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

export class InvalidAlertEventError extends Error {
  readonly code = 'INVALID_ALERT_EVENT';
  constructor(readonly problems: string[]) {
    super(`invalid alert event: ${problems.join('; ')}`);
    this.name = 'InvalidAlertEventError';
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
  const event = plainToInstance(AlertEvent, document);
  const errors = flattenValidationErrors(validateSync(event, VALIDATION_OPTIONS));
  const problems = errors.map((e) => `${e.field}: ${e.messages.join(', ')}`);
  if (problems.length === 0) {
    const alert = event.data;
    if (event.id !== alert.id) problems.push('id differs from data.id');
    if (event.source !== `${ALERT_SOURCE_PREFIX}${alert.origin}`) problems.push('source differs from data.origin');
    for (const key of ['tlp', 'severity', 'category', 'scope'] as const) {
      if (event[key] !== alert[key]) problems.push(`${key} differs from data.${key}`);
    }
  }
  if (problems.length > 0) throw new InvalidAlertEventError(problems);
  return event;
}

export function encodeAlertEvent(event: AlertEvent): Uint8Array {
  return Buffer.from(JSON.stringify(event));
}
