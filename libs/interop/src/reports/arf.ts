import { createHash } from 'node:crypto';
import PostalMime from 'postal-mime';
import type { AbuseReport } from '../draft';
import { headerFields, mediaType } from './arf-fields';
import { ArfInvalidError, categoryOfFeedback, checkFeedbackFields, receivedSource } from './arf-report';
import { abuseReport, dateOf, domainOfEmail, emailAddress, noteOf, sourceIndicator, type ReportBatch } from './report-values';

/** A larger message is not read: feedback reports are small, and the reported message may be cut to its headers. */
export const ARF_MAX_BYTES = 10 * 1024 * 1024;

/** The parts of an ARF report that the mesh reads: the feedback fields and the header fields of the reported message. */
interface ArfParts {
  email: PostalMime.Email;
  feedbackText: string;
  feedback: Map<string, string[]>;
  original: Map<string, string[]>;
  originalText: string;
}

function textOf(attachment: PostalMime.Attachment): string {
  return typeof attachment.content === 'string' ? attachment.content : new TextDecoder().decode(attachment.content);
}

async function parseMail(message: Uint8Array | string): Promise<PostalMime.Email> {
  try {
    return await PostalMime.parse(message, { attachmentEncoding: 'utf8' });
  } catch (error) {
    throw new ArfInvalidError('not an ARF report: the message does not parse as MIME mail', error);
  }
}

/** The report's parts; throws ArfInvalidError when the message is not `multipart/report; report-type=feedback-report` with one feedback part. */
function arfParts(email: PostalMime.Email): ArfParts {
  const contentType = mediaType(email.headers.find((header) => header.key === 'content-type')?.value ?? 'text/plain');
  const reportType = contentType.parameters.get('report-type')?.toLowerCase();
  if (contentType.type !== 'multipart/report' || reportType !== 'feedback-report') {
    const actual =
      contentType.type === 'multipart/report' ? `multipart/report with report-type ${reportType ?? '(none)'}` : contentType.type;
    throw new ArfInvalidError(`not an ARF report: the message is ${actual}, not multipart/report; report-type=feedback-report`);
  }
  const feedbackParts = email.attachments.filter((attachment) => attachment.mimeType === 'message/feedback-report');
  if (feedbackParts.length !== 1) {
    throw new ArfInvalidError(`not an ARF report: it has ${feedbackParts.length} message/feedback-report parts, and RFC 5965 wants one`);
  }
  const originalPart = email.attachments.find((a) => a.mimeType === 'message/rfc822' || a.mimeType === 'text/rfc822-headers');
  const feedbackText = textOf(feedbackParts[0]);
  const originalText = originalPart === undefined ? '' : textOf(originalPart);
  return { email, feedbackText, feedback: headerFields(feedbackText), original: headerFields(originalText), originalText };
}

/** The first value of a field, if it has one. */
const first = (fields: Map<string, string[]>, name: string): string | undefined => fields.get(name)?.[0];

/** Reported URIs, but not `mailto:` ones: those name a mailbox (often the complainant's), not a resource. */
function reportedUris(feedback: Map<string, string[]>): string[] {
  return (feedback.get('reported-uri') ?? []).map((uri) => uri.replace(/^<(.*)>$/, '$1').trim()).filter((uri) => !/^mailto:/i.test(uri));
}

function reportIdOf(parts: ArfParts): string {
  const messageId = parts.email.messageId?.trim();
  if (messageId) return messageId;
  // Reports that carry only the three required fields share their feedback part: the reported message tells them apart.
  return `sha256:${createHash('sha256').update(`${parts.feedbackText}\n${parts.originalText}`, 'utf8').digest('hex')}`;
}

function reportOf(parts: ArfParts, receivedAt: Date): AbuseReport | { reason: string } {
  const { email, feedback, original } = parts;
  const feedbackType = first(feedback, 'feedback-type')!.toLowerCase();
  if (feedbackType === 'not-spam')
    return { reason: 'Feedback-Type not-spam: the reporter says the mail was wanted, so it reports no abuse' };
  const sourceIp = first(feedback, 'source-ip');
  const domains = feedback.get('reported-domain') ?? [];
  const urls = reportedUris(feedback);
  const source =
    (sourceIp === undefined ? undefined : sourceIndicator(sourceIp)) ??
    domains.map(sourceIndicator).find((found) => found?.type === 'domain') ??
    urls.map(sourceIndicator).find((found) => found?.type === 'url') ??
    receivedSource(original);
  if (source === undefined)
    return {
      reason: "it names no source: no Source-IP, Reported-Domain or Reported-URI, and no address in the reported message's Received field",
    };
  const mailFrom = first(feedback, 'original-mail-from');
  const reporter = email.from?.address;
  const subject = first(original, 'subject');
  return abuseReport({
    reportId: reportIdOf(parts),
    format: 'arf',
    source,
    category: categoryOfFeedback(feedbackType),
    type: feedbackType,
    observedAt: dateOf(first(feedback, 'arrival-date') ?? first(feedback, 'received-date')) ?? receivedAt,
    receivedAt,
    reporterDomain: reporter === undefined ? undefined : domainOfEmail(reporter),
    urls,
    domains,
    senderEmail: mailFrom === undefined ? undefined : emailAddress(mailFrom),
    note: noteOf([subject === undefined ? undefined : `subject: ${PostalMime.decodeWords(subject)}`]),
  });
}

/**
 * An ARF feedback report (RFC 5965), one mail message, as the abuse report the mesh may carry:
 * the source is the Source-IP, else the first Reported-Domain, else the first Reported-URI, else
 * the address the reporter's server wrote in the reported message's first Received field;
 * Feedback-Type gives the category (abuse spam, fraud fraud, virus malware, auth-failure
 * phishing, other other; not-spam is skipped); Arrival-Date (or Received-Date) the time,
 * Original-Mail-From the sender address, the reported message's Subject the note, the report's
 * From its reporter's domain, its Message-ID the report id.
 *
 * Never read: Original-Rcpt-To, Removal-Recipient, the reported message's To and Cc, its body.
 * Throws ArfInvalidError, saying why, when the message is not an ARF report or breaks the counts
 * of RFC 5965 §3.
 */
export async function reportsFromArf(message: Uint8Array | string, receivedAt: Date): Promise<ReportBatch> {
  const size = typeof message === 'string' ? Buffer.byteLength(message, 'utf8') : message.byteLength;
  if (size > ARF_MAX_BYTES) return { reports: [], skipped: [{ what: 'ARF message', reason: `it is larger than ${ARF_MAX_BYTES} bytes` }] };
  const parts = arfParts(await parseMail(message));
  checkFeedbackFields(parts.feedback);
  const report = reportOf(parts, receivedAt);
  if (!('reason' in report)) return { reports: [report], skipped: [] };
  return { reports: [], skipped: [{ what: `ARF report ${JSON.stringify(reportIdOf(parts))}`, reason: report.reason }] };
}
