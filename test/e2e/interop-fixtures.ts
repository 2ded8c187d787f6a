import { randomUUID } from 'node:crypto';

/** A MISP event as MISP writes it: numbers as strings, a TLP tag, attributes inside and outside objects. */
export function mispEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    Event: {
      uuid: randomUUID(),
      info: 'Credential phishing kit hosted on compromised sites',
      date: new Date().toISOString().slice(0, 10),
      timestamp: String(now),
      publish_timestamp: String(now),
      published: true,
      distribution: '3',
      threat_level_id: '1',
      analysis: '2',
      Orgc: { uuid: randomUUID(), name: 'CIRT of somewhere' },
      Tag: [{ name: 'tlp:white' }, { name: 'circl:incident-classification="phishing"' }],
      Attribute: [
        {
          uuid: randomUUID(),
          type: 'domain',
          category: 'Network activity',
          to_ids: true,
          value: 'secure-bank-login.example',
          timestamp: String(now),
          distribution: '5',
        },
        {
          uuid: randomUUID(),
          type: 'ip-dst|port',
          category: 'Network activity',
          to_ids: '1',
          value: '203.0.113.9|443',
          timestamp: String(now),
          distribution: '5',
        },
        {
          uuid: randomUUID(),
          type: 'comment',
          category: 'Other',
          to_ids: false,
          value: 'Seen in a wave against retail banks.',
          timestamp: String(now),
          distribution: '5',
        },
        {
          uuid: randomUUID(),
          type: 'yara',
          category: 'Payload installation',
          to_ids: true,
          value: 'rule x { condition: true }',
          timestamp: String(now),
          distribution: '5',
        },
      ],
      Object: [
        {
          name: 'file',
          'meta-category': 'file',
          distribution: '5',
          Attribute: [
            {
              uuid: randomUUID(),
              type: 'sha256',
              category: 'Payload delivery',
              to_ids: true,
              value: 'a'.repeat(64),
              object_relation: 'sha256',
              timestamp: String(now),
              distribution: '5',
            },
          ],
        },
      ],
      ...overrides,
    },
  };
}

/** An X-ARF v4 spam report about `source`; `victim` is the address the spam went to, which must never travel. */
export function xarfSpam(source: string, n: number, victim = 'victim@home.example'): Record<string, unknown> {
  return {
    xarf_version: '4.2.0',
    report_id: randomUUID(),
    timestamp: new Date(Date.now() - 60_000 + n).toISOString(),
    reporter: { org: 'Example ISP', contact: 'abuse@isp.example', domain: 'isp.example' },
    sender: { org: 'Example ISP', contact: 'abuse@isp.example', domain: 'isp.example' },
    source_identifier: source,
    category: 'messaging',
    type: 'spam',
    protocol: 'smtp',
    smtp_from: 'offers@spam-sender.example',
    smtp_to: victim,
    subject: 'You have won',
    evidence_source: 'spamtrap',
  };
}

/** An ARF (RFC 5965) report about mail from `sourceIp`, sent to `victim`, whose address must never travel. */
export function arfMessage(sourceIp: string, messageId: string, victim = 'jane.victim@home.example'): string {
  return [
    'From: <abuse@isp.example>',
    'To: <abuse@cirt.example>',
    'Subject: FW: Earn money',
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=feedback-report; boundary="part1_13d.2e68ed54_boundary"',
    '',
    '--part1_13d.2e68ed54_boundary',
    'Content-Type: text/plain; charset="US-ASCII"',
    '',
    'This is an email abuse report for an email message received from IP ' + sourceIp + '.',
    '',
    '--part1_13d.2e68ed54_boundary',
    'Content-Type: message/feedback-report',
    '',
    'Feedback-Type: abuse',
    'User-Agent: SomeGenerator/1.0',
    'Version: 1',
    'Original-Mail-From: <somespammer@spam-sender.example>',
    `Original-Rcpt-To: <${victim}>`,
    'Arrival-Date: Thu, 8 Mar 2005 14:00:00 EDT',
    `Source-IP: ${sourceIp}`,
    'Reported-Domain: spam-sender.example',
    'Reported-URI: http://spam-sender.example/earn',
    '',
    '--part1_13d.2e68ed54_boundary',
    'Content-Type: message/rfc822',
    'Content-Disposition: inline',
    '',
    'From: <somespammer@spam-sender.example>',
    `To: <${victim}>`,
    'Subject: Earn money',
    'Date: Thu, 8 Mar 2005 17:00:00 EDT',
    '',
    'Spam Spam Spam',
    '',
    '--part1_13d.2e68ed54_boundary--',
    '',
  ].join('\r\n');
}
