import { DomainError, type Category } from '@cirtmesh/contracts';
import type { AbuseReport } from '../draft';
import { describeJson, listOf, lookup, objectOf, quote, textOf } from '../json-values';
import {
  abuseReport,
  dateOf,
  domainName,
  domainOfEmail,
  emailAddress,
  noteOf,
  sourceIndicator,
  urlsInText,
  type ReportBatch,
} from './report-values';
import { isXarfV3, xarfV4OfV3 } from './xarf-v3';

/** A document that is not X-ARF at all. */
export class XarfInvalidError extends DomainError {
  constructor(message: string) {
    super('XARF_INVALID', message, { permanent: true });
  }
}

/** The fields every X-ARF v4 report has (xarf-core.json `required`). */
const REQUIRED = ['xarf_version', 'report_id', 'timestamp', 'reporter', 'sender', 'source_identifier', 'category', 'type'] as const;
const XARF_CATEGORIES = ['messaging', 'connection', 'content', 'infrastructure', 'vulnerability', 'reputation', 'copyright'];

/** X-ARF types, by `category/type`, that are one cirtmesh category; all of messaging is spam, all of vulnerability vulnerability. */
const CATEGORY_OF_TYPE: Readonly<Record<string, Category>> = {
  'connection/ddos': 'ddos',
  'connection/port_scan': 'scanning',
  'connection/reconnaissance': 'scanning',
  'connection/login_attack': 'intrusion',
  'content/phishing': 'phishing',
  'content/malware': 'malware',
  'content/exposed_data': 'data-leak',
  'content/fraud': 'fraud',
  'infrastructure/botnet': 'botnet',
};

/** The cirtmesh category of an X-ARF category and type (type names with `-` or `_`). */
export function categoryOfXarf(category: string, type: string): Category {
  if (category === 'messaging') return 'spam';
  if (category === 'vulnerability') return 'vulnerability';
  return lookup(CATEGORY_OF_TYPE, `${category}/${type.replace(/-/g, '_')}`) ?? 'other';
}

function looksLikeXarf(value: unknown): boolean {
  const object = objectOf(value);
  return object !== undefined && ('xarf_version' in object || isXarfV3(object));
}

function xarfItems(document: unknown): unknown[] {
  const items = Array.isArray(document) ? document : [document];
  if ((items.length > 0 || !Array.isArray(document)) && !items.some(looksLikeXarf)) {
    throw new XarfInvalidError(
      `not X-ARF: expected an X-ARF v4 report (an object with xarf_version), a v3 report (Version "3" with its Report), or a list of them; got ${describeJson(document)}`,
    );
  }
  return items;
}

/** Why a v4 report lacks what it must have, if it does. */
function missingFields(report: Record<string, unknown>): string | undefined {
  const missing = REQUIRED.filter(
    (field) => (field === 'reporter' || field === 'sender' ? objectOf(report[field]) : textOf(report[field])) === undefined,
  );
  if (missing.length === 0) return undefined;
  const sender = missing.includes('sender') ? 'X-ARF v4 requires sender, the organisation that filed the report; ' : '';
  return `${sender}missing ${missing.join(', ')}`;
}

function reporterDomain(report: Record<string, unknown>): string | undefined {
  const reporter = objectOf(report.reporter) ?? {};
  const domain = textOf(reporter.domain);
  const contact = textOf(reporter.contact);
  return (domain === undefined ? undefined : domainName(domain)) ?? (contact === undefined ? undefined : domainOfEmail(contact));
}

function namedUrls(report: Record<string, unknown>): string[] {
  const texts = [textOf(report.description), textOf(report.subject)].flatMap((text) => (text === undefined ? [] : urlsInText(text)));
  return [textOf(report.url), ...listOf(report.urls).map(textOf), ...texts].filter((url): url is string => url !== undefined);
}

/** One v4 report (or v3 converted) as the mesh carries it, or why not. */
function readV4(report: Record<string, unknown>, receivedAt: Date): AbuseReport | { reason: string } {
  const missing = missingFields(report);
  if (missing !== undefined) return { reason: missing };
  const version = textOf(report.xarf_version)!;
  if (!/^4\.\d+\.\d+$/.test(version)) return { reason: `xarf_version ${quote(version)} is not a version 4 (4.x.y)` };
  const category = textOf(report.category)!;
  if (!XARF_CATEGORIES.includes(category)) return { reason: `category ${quote(category)} is not an X-ARF v4 category` };
  const observedAt = dateOf(textOf(report.timestamp));
  if (observedAt === undefined) return { reason: 'timestamp is not an ISO 8601 date-time' };
  const source = sourceIndicator(textOf(report.source_identifier)!);
  if (source === undefined) return { reason: 'source_identifier is not an IP address, CIDR block, domain or URL' };
  const type = textOf(report.type)!;
  const smtpFrom = textOf(report.smtp_from);
  const subject = textOf(report.subject);
  const port = textOf(report.source_port);
  return abuseReport({
    reportId: textOf(report.report_id)!,
    format: 'xarf',
    source,
    category: categoryOfXarf(category, type),
    type: `${category}/${type}`,
    observedAt,
    receivedAt,
    reporterDomain: reporterDomain(report),
    urls: namedUrls(report),
    domains: [textOf(report.domain)].filter((domain): domain is string => domain !== undefined),
    senderEmail: smtpFrom === undefined ? undefined : emailAddress(smtpFrom),
    note: noteOf([subject === undefined ? undefined : `subject: ${subject}`, port === undefined ? undefined : `source port ${port}`]),
  });
}

function readItem(item: unknown, receivedAt: Date): AbuseReport | { reason: string } {
  const object = objectOf(item);
  if (object === undefined || !looksLikeXarf(object)) return { reason: 'not an X-ARF report' };
  if ('xarf_version' in object) return readV4(object, receivedAt);
  const v3 = xarfV4OfV3(object, receivedAt);
  return 'reason' in v3 ? v3 : readV4(v3.converted, receivedAt);
}

/**
 * X-ARF abuse reports (one v4 report, a v3 report, or a list of them) as the mesh may carry them.
 * Of each report it keeps the source, the category, when it happened, the reporter's domain, the
 * URLs and domains it names and the sender address of spam; never `smtp_to`, the evidence, or
 * any recipient. Reports it cannot read are skipped with the reason; throws XarfInvalidError
 * only when the document is not X-ARF at all.
 */
export function reportsFromXarf(document: unknown, receivedAt: Date): ReportBatch {
  const batch: ReportBatch = { reports: [], skipped: [] };
  xarfItems(document).forEach((item, index) => {
    const read = readItem(item, receivedAt);
    if ('reason' in read) {
      const id = textOf(objectOf(item)?.report_id);
      batch.skipped.push({ what: id === undefined ? `X-ARF report #${index}` : `X-ARF report ${quote(id)}`, reason: read.reason });
    } else batch.reports.push(read);
  });
  return batch;
}
