/**
 * The two example messages of RFC 5965 (An Extensible Format for Email Feedback Reports),
 * Appendix B, as the RFC prints them, lines joined with CRLF as mail has them. Both share the
 * report's header, its human-readable part and the reported message's body.
 */

const crlf = (lines: string[]): string => `${lines.join('\r\n')}\r\n`;

/** The report up to the fields of its feedback part. */
const REPORT_HEAD = [
  'From: <abusedesk@example.com>',
  'Date: Thu, 8 Mar 2005 17:40:36 EDT',
  'Subject: FW: Earn money',
  'To: <abuse@example.net>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=feedback-report;',
  '     boundary="part1_13d.2e68ed54_boundary"',
  '',
  '--part1_13d.2e68ed54_boundary',
  'Content-Type: text/plain; charset="US-ASCII"',
  'Content-Transfer-Encoding: 7bit',
  '',
  'This is an email abuse report for an email message received from IP',
  '192.0.2.1 on Thu, 8 Mar 2005 14:00:00 EDT.  For more information',
  'about this format please see http://www.mipassoc.org/arf/.',
  '',
  '--part1_13d.2e68ed54_boundary',
  'Content-Type: message/feedback-report',
  '',
];

/** The headers of the third part, which holds the reported message. */
const ORIGINAL_PART = ['', '--part1_13d.2e68ed54_boundary', 'Content-Type: message/rfc822', 'Content-Disposition: inline', ''];

/** The reported message's header after its first fields, its body, and the end of the report. */
const ORIGINAL_TAIL = [
  'Subject: Earn money',
  'MIME-Version: 1.0',
  'Content-type: text/plain',
  'Message-ID: 8787KJKJ3K4J3K4J3K4J3.mail@example.net',
  'Date: Thu, 02 Sep 2004 12:31:03 -0500',
  '',
  'Spam Spam Spam',
  'Spam Spam Spam',
  'Spam Spam Spam',
  'Spam Spam Spam',
  '--part1_13d.2e68ed54_boundary--',
];

/** B.1, Simple Report: the three required fields only. */
export const RFC5965_B1 = crlf([
  ...REPORT_HEAD,
  'Feedback-Type: abuse',
  'User-Agent: SomeGenerator/1.0',
  'Version: 1',
  ...ORIGINAL_PART,
  'Received: from mailserver.example.net',
  '        (mailserver.example.net [192.0.2.1])',
  '        by example.com with ESMTP id M63d4137594e46;',
  '        Thu, 08 Mar 2005 14:00:00 -0400',
  'From: <somespammer@example.net>',
  'To: <Undisclosed Recipients>',
  ...ORIGINAL_TAIL,
]);

/** B.2, Complete Example: most fields of the report, recipients included (which the mesh must drop). */
export const RFC5965_B2 = crlf([
  ...REPORT_HEAD,
  'Feedback-Type: abuse',
  'User-Agent: SomeGenerator/1.0',
  'Version: 1',
  'Original-Mail-From: <somespammer@example.net>',
  'Original-Rcpt-To: <user@example.com>',
  'Arrival-Date: Thu, 8 Mar 2005 14:00:00 EDT',
  'Reporting-MTA: dns; mail.example.com',
  'Source-IP: 192.0.2.1',
  'Authentication-Results: mail.example.com;',
  '               spf=fail smtp.mail=somespammer@example.com',
  'Reported-Domain: example.net',
  'Reported-Uri: http://example.net/earn_money.html',
  'Reported-Uri: mailto:user@example.com',
  'Removal-Recipient: user@example.com',
  ...ORIGINAL_PART,
  'From: <somespammer@example.net>',
  'Received: from mailserver.example.net (mailserver.example.net',
  '        [192.0.2.1]) by example.com with ESMTP id M63d4137594e46;',
  '        Thu, 08 Mar 2005 14:00:00 -0400',
  '',
  'To: <Undisclosed Recipients>',
  ...ORIGINAL_TAIL,
]);
