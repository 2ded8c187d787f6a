import { RFC5965_B1, RFC5965_B2 } from '../../test/rfc5965';
import { headerFields, mediaType } from './arf-fields';
import { ArfInvalidError } from './arf-report';
import { reportsFromArf } from './arf';

const receivedAt = new Date('2005-03-09T00:00:00Z');

/** B.2 with its feedback fields changed by `edit`. */
const b2With = (edit: (fields: string) => string): string => {
  const start = RFC5965_B2.indexOf('Feedback-Type:');
  const end = RFC5965_B2.indexOf('\r\n\r\n', start);
  return RFC5965_B2.slice(0, start) + edit(RFC5965_B2.slice(start, end)) + RFC5965_B2.slice(end);
};

/** What both examples of the RFC report: spam from 192.0.2.1, reported by example.com; no Message-ID, so a hash names them. */
const rfcExample = {
  reportId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
  format: 'arf',
  source: { type: 'ipv4', value: '192.0.2.1' },
  category: 'spam',
  type: 'abuse',
  reporterDomain: 'example.com',
};

describe(reportsFromArf.name, () => {
  it('reads the complete example of RFC 5965 (B.2): source IP, domain, URL, sender, time, reporter domain', async () => {
    const { reports, skipped } = await reportsFromArf(RFC5965_B2, receivedAt);
    expect(skipped).toEqual([]);
    expect(reports).toEqual([
      {
        ...rfcExample,
        observedAt: '2005-03-08T18:00:00.000Z',
        urls: ['http://example.net/earn_money.html'],
        domains: ['example.net'],
        senderEmail: 'somespammer@example.net',
      },
    ]);
    // In the RFC's example an empty line ends the reported message's header after Received, so its Subject is body text.
    expect(reports[0]).not.toHaveProperty('note');
  });

  it('reads the simple example of RFC 5965 (B.1): the source from the Received field, the subject as the note', async () => {
    const { reports, skipped } = await reportsFromArf(RFC5965_B1, receivedAt);
    expect(skipped).toEqual([]);
    expect(reports).toEqual([
      {
        ...rfcExample,
        observedAt: receivedAt.toISOString(),
        urls: [],
        domains: [],
        note: 'subject: Earn money',
      },
    ]);
  });

  it('never carries Original-Rcpt-To, Removal-Recipient, the mailto URI or the reported message recipients', async () => {
    const withRecipients = RFC5965_B2.replace('To: <Undisclosed Recipients>', 'To: <carol@example.org>\r\nCc: dave@example.org');
    const json = JSON.stringify([await reportsFromArf(RFC5965_B2, receivedAt), await reportsFromArf(withRecipients, receivedAt)]);
    for (const secret of [
      'user@example.com',
      'Original-Rcpt-To',
      'Removal-Recipient',
      'mailto',
      'carol@',
      'dave@',
      'Undisclosed',
      'Spam Spam',
    ]) {
      expect(json).not.toContain(secret);
    }
  });

  it('takes the report Message-ID as its id, and the same report twice has the same id', async () => {
    const withId = RFC5965_B2.replace('Subject: FW: Earn money', 'Subject: FW: Earn money\r\nMessage-ID: <report-77@example.com>');
    expect((await reportsFromArf(withId, receivedAt)).reports[0].reportId).toBe('<report-77@example.com>');
    const [a, b] = await Promise.all([
      reportsFromArf(RFC5965_B1, receivedAt),
      reportsFromArf(new TextEncoder().encode(RFC5965_B1), receivedAt),
    ]);
    expect(a.reports[0].reportId).toBe(b.reports[0].reportId);
    expect(a.reports[0].reportId).not.toBe((await reportsFromArf(RFC5965_B2, receivedAt)).reports[0].reportId);
  });

  it.each([
    ['fraud', 'fraud'],
    ['virus', 'malware'],
    ['auth-failure', 'phishing'],
    ['other', 'other'],
    ['dkim', 'other'],
  ])('maps Feedback-Type %s to category %s', async (feedbackType, category) => {
    const message = b2With((fields) => fields.replace('Feedback-Type: abuse', `Feedback-Type: ${feedbackType}`));
    expect((await reportsFromArf(message, receivedAt)).reports[0]).toMatchObject({ category, type: feedbackType });
  });

  it('skips a not-spam report with the reason', async () => {
    const message = b2With((fields) => fields.replace('Feedback-Type: abuse', 'Feedback-Type: not-spam'));
    expect(await reportsFromArf(message, receivedAt)).toEqual({
      reports: [],
      skipped: [{ what: expect.stringMatching(/^ARF report /), reason: expect.stringMatching(/^Feedback-Type not-spam: .*no abuse$/) }],
    });
  });

  it('takes the first reported domain as the source without a Source-IP, then the first URL', async () => {
    const noIp = b2With((fields) => fields.replace('Source-IP: 192.0.2.1\r\n', ''));
    expect((await reportsFromArf(noIp, receivedAt)).reports[0]).toMatchObject({
      source: { type: 'domain', value: 'example.net' },
      domains: [],
    });
    const onlyUri = b2With((fields) => fields.replace('Source-IP: 192.0.2.1\r\n', '').replace('Reported-Domain: example.net\r\n', ''));
    expect((await reportsFromArf(onlyUri, receivedAt)).reports[0]).toMatchObject({
      source: { type: 'url', value: 'http://example.net/earn_money.html' },
      urls: [],
    });
  });

  it('skips a report that names no source at all', async () => {
    const bare = RFC5965_B1.replace('(mailserver.example.net [192.0.2.1])', '(mailserver.example.net [10.1.2.3])');
    expect((await reportsFromArf(bare, receivedAt)).skipped[0].reason).toMatch(/^it names no source/);
  });

  it('reads the historic Received-Date as the arrival date', async () => {
    const message = b2With((fields) => fields.replace('Arrival-Date:', 'Received-Date:'));
    expect((await reportsFromArf(message, receivedAt)).reports[0].observedAt).toBe('2005-03-08T18:00:00.000Z');
  });

  it.each([
    [
      'a plain mail',
      'From: a@example.com\r\nSubject: hi\r\n\r\nhello\r\n',
      /^not an ARF report: the message is text\/plain, not multipart\/report; report-type=feedback-report$/,
    ],
    [
      'a delivery report',
      RFC5965_B1.replace('report-type=feedback-report', 'report-type=delivery-status'),
      /multipart\/report with report-type delivery-status/,
    ],
    [
      'no feedback part',
      RFC5965_B1.replace('Content-Type: message/feedback-report', 'Content-Type: text/plain'),
      /has 0 message\/feedback-report parts/,
    ],
    ['no Version', b2With((f) => f.replace('Version: 1\r\n', '')), /has 0 Version fields, and RFC 5965 wants exactly one/],
    ['two Feedback-Types', b2With((f) => `${f}\r\nFeedback-Type: fraud`), /has 2 Feedback-Type fields/],
    ['Version 2', b2With((f) => f.replace('Version: 1', 'Version: 2')), /has Version "2", and RFC 5965 wants 1/],
    ['two Source-IPs', b2With((f) => `${f}\r\nSource-IP: 192.0.2.9`), /^malformed ARF report: Source-IP appears 2 times/],
    ['both dates', b2With((f) => `${f}\r\nReceived-Date: Thu, 8 Mar 2005 14:00:00 EDT`), /both Arrival-Date and Received-Date/],
  ])('refuses %s, saying why', async (_name, message, why) => {
    const refusal = reportsFromArf(message, receivedAt);
    await expect(refusal).rejects.toThrow(ArfInvalidError);
    await expect(reportsFromArf(message, receivedAt)).rejects.toThrow(why);
    await expect(reportsFromArf(message, receivedAt)).rejects.toMatchObject({ code: 'ARF_INVALID' });
  });
});

describe(headerFields.name, () => {
  it('unfolds continuation lines, lower-cases names, keeps repeated fields in order and stops at the empty line', () => {
    const fields = headerFields('A: 1\r\nB-Two: x\r\n   y\r\nA: 2\r\n\r\nC: body\r\n');
    expect([...fields]).toEqual([
      ['a', ['1', '2']],
      ['b-two', ['x y']],
    ]);
  });
});

describe(mediaType.name, () => {
  it('reads the type and its parameters, quoted or not', () => {
    expect(mediaType('Multipart/Report; Report-Type=feedback-report;\r\n boundary="a;b"')).toEqual({
      type: 'multipart/report',
      parameters: new Map([
        ['report-type', 'feedback-report'],
        ['boundary', 'a;b'],
      ]),
    });
  });
});
