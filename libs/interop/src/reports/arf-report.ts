import { DomainError, type Category } from '@cirtmesh/contracts';
import ipaddr from 'ipaddr.js';
import type { DraftIndicator } from '../draft';
import { lookup } from '../json-values';
import { sourceIndicator } from './report-values';

/** A message that is not an ARF report (RFC 5965), or breaks its rules; the message says why. */
export class ArfInvalidError extends DomainError {
  constructor(message: string, cause?: unknown) {
    super('ARF_INVALID', message, { permanent: true, cause });
  }
}

/** Fields of the feedback part that appear exactly once, and those that appear at most once (RFC 5965 §3.1, §3.2). */
const EXACTLY_ONCE = ['Feedback-Type', 'User-Agent', 'Version'];
const AT_MOST_ONCE = [
  'Original-Envelope-Id',
  'Original-Mail-From',
  'Arrival-Date',
  'Received-Date',
  'Reporting-MTA',
  'Source-IP',
  'Incidents',
];

/** Throws ArfInvalidError when the fields of a feedback part break RFC 5965's counts. */
export function checkFeedbackFields(fields: Map<string, string[]>): void {
  for (const name of EXACTLY_ONCE) {
    const count = fields.get(name.toLowerCase())?.length ?? 0;
    if (count !== 1)
      throw new ArfInvalidError(`not an ARF report: its feedback report has ${count} ${name} fields, and RFC 5965 wants exactly one`);
  }
  const version = fields.get('version')![0];
  if (version !== '1')
    throw new ArfInvalidError(`not an ARF report: its feedback report has Version ${JSON.stringify(version)}, and RFC 5965 wants 1`);
  for (const name of AT_MOST_ONCE) {
    const count = fields.get(name.toLowerCase())?.length ?? 0;
    if (count > 1) throw new ArfInvalidError(`malformed ARF report: ${name} appears ${count} times, and RFC 5965 allows it once`);
  }
  if (fields.has('arrival-date') && fields.has('received-date')) {
    throw new ArfInvalidError('malformed ARF report: it has both Arrival-Date and Received-Date, the historic name of the same field');
  }
}

/** Feedback types (RFC 5965 §7.3, RFC 6591) and the cirtmesh category of each; `not-spam` is no abuse and is skipped. */
const CATEGORY_OF_FEEDBACK: Readonly<Record<string, Category>> = {
  abuse: 'spam',
  fraud: 'fraud',
  virus: 'malware',
  'auth-failure': 'phishing',
  other: 'other',
};

/** The cirtmesh category of a Feedback-Type; types registered later than these are `other`. */
export function categoryOfFeedback(feedbackType: string): Category {
  return lookup(CATEGORY_OF_FEEDBACK, feedbackType) ?? 'other';
}

/** Address ranges of one network only: an address in them says nothing about where the mail came from. */
const LOCAL_RANGES = new Set(['private', 'loopback', 'linkLocal', 'uniqueLocal', 'unspecified', 'carrierGradeNat']);

/**
 * The address in the first Received field of the reported message, which the reporter's own
 * server wrote when the mail came in: `from host (host [192.0.2.1])`. Undefined when it names none,
 * or a private, loopback or link-local one (a hop inside the reporter's network).
 */
export function receivedSource(originalFields: Map<string, string[]>): DraftIndicator | undefined {
  const received = originalFields.get('received')?.[0];
  const address = received === undefined ? undefined : /\[(?:ipv6:)?([0-9a-f:.]+)\]/i.exec(received)?.[1];
  if (address === undefined || !ipaddr.isValid(address) || LOCAL_RANGES.has(ipaddr.parse(address).range())) return undefined;
  const source = sourceIndicator(address);
  return source?.type === 'ipv4' || source?.type === 'ipv6' ? source : undefined;
}
