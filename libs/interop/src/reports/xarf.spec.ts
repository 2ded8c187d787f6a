import { categoryOfXarf, reportsFromXarf, XarfInvalidError } from './xarf';

const receivedAt = new Date('2025-01-11T12:00:00Z');

/** An X-ARF v4 spam report as an anti-spam service files it, with the fields the mesh must never carry. */
const spamReport = {
  xarf_version: '4.2.0',
  report_id: '3f0c2a9e-5b1d-4c7e-9a8f-2d6b1e0c4a71',
  timestamp: '2025-01-11T10:59:45Z',
  reporter: { org: 'Example Mailbox Provider', contact: 'trap-team@mailbox.example', domain: 'mailbox.example' },
  sender: { org: 'Example Anti-Spam Service', contact: 'reports@antispam.example', domain: 'antispam.example' },
  source_identifier: '192.0.2.7',
  source_port: 25,
  category: 'messaging',
  type: 'spam',
  evidence_source: 'spamtrap',
  protocol: 'smtp',
  smtp_from: 'winner@prize-claims.example',
  smtp_to: 'alice.victim@mailbox.example',
  subject: 'Alice, claim your prize at https://prize-claims.example/claim?id=77 (alice.victim@mailbox.example)',
  description: 'Lure links to http://cdn.prize-claims.example/p.html.',
  url: 'https://prize-claims.example/claim?id=77',
  domain: 'prize-claims.example',
  evidence: [{ content_type: 'message/rfc822', description: 'the spam', payload: 'VG86IGFsaWNlLnZpY3RpbUBtYWlsYm94LmV4YW1wbGU=' }],
  _internal: { ticket: 'ABUSE-5678' },
};

/** An X-ARF v3 report as the xarf-spec v3 samples write it. */
const v3Report = {
  Version: '3.0.0',
  ReporterInfo: {
    ReporterOrg: 'Example CERT',
    ReporterOrgDomain: 'cert.example',
    ReporterOrgEmail: 'incident@cert.example',
    ReporterContactName: 'Incident Response Team',
    ReporterContactPhone: '+1-555-0456',
  },
  Report: {
    ReportClass: 'Activity',
    ReportType: 'Spam',
    Date: '2024-01-15T14:30:25Z',
    Source: { IP: '198.51.100.25', Port: 25, Type: 'ip' },
    Attachment: [{ ContentType: 'message/rfc822', Data: 'VG86IGJvYkBleGFtcGxlLm9yZw==' }],
    AdditionalInfo: { Protocol: 'smtp', SMTPFrom: 'marketing@bulk.example', Subject: 'Urgent: Claim Your Prize Now!' },
  },
};

describe(reportsFromXarf.name, () => {
  it('reads a v4 spam report: source, category, time, reporter domain, sender address, URLs and domains, a note', () => {
    expect(reportsFromXarf(spamReport, receivedAt)).toEqual({
      reports: [
        {
          reportId: '3f0c2a9e-5b1d-4c7e-9a8f-2d6b1e0c4a71',
          format: 'xarf',
          source: { type: 'ipv4', value: '192.0.2.7' },
          category: 'spam',
          type: 'messaging/spam',
          observedAt: '2025-01-11T10:59:45.000Z',
          reporterDomain: 'mailbox.example',
          urls: ['https://prize-claims.example/claim?id=77', 'http://cdn.prize-claims.example/p.html'],
          domains: ['prize-claims.example'],
          senderEmail: 'winner@prize-claims.example',
          note: 'subject: Alice, claim your prize at https://prize-claims.example/claim?id=77 ([address]); source port 25',
        },
      ],
      skipped: [],
    });
  });

  it('never carries smtp_to, the evidence, internal fields or the reporter beyond its domain', () => {
    const json = JSON.stringify(reportsFromXarf([spamReport, v3Report], receivedAt));
    for (const secret of [
      'alice.victim',
      'VG86',
      'ABUSE-5678',
      'trap-team',
      'reports@antispam',
      'Example Mailbox Provider',
      '555-0456',
      'incident@',
    ]) {
      expect(json).not.toContain(secret);
    }
  });

  it('converts a v3 report first: source, time, type, reporter domain and sender address', () => {
    const { reports, skipped } = reportsFromXarf(v3Report, receivedAt);
    expect(skipped).toEqual([]);
    expect(reports).toEqual([
      {
        reportId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        format: 'xarf',
        source: { type: 'ipv4', value: '198.51.100.25' },
        category: 'spam',
        type: 'messaging/spam',
        observedAt: '2024-01-15T14:30:25.000Z',
        reporterDomain: 'cert.example',
        urls: [],
        domains: [],
        senderEmail: 'marketing@bulk.example',
        note: 'subject: Urgent: Claim Your Prize Now!; source port 25',
      },
    ]);
    expect(reportsFromXarf(v3Report, receivedAt).reports[0].reportId).toBe(reports[0].reportId);
  });

  it('converts a v3 phishing report whose source is a URL', () => {
    const phishing = {
      ...v3Report,
      Report: { ReportType: 'phishing', Date: '2024-01-15T16:45:30Z', Source: { URL: 'https://bank-login.example/x', Type: 'uri' } },
    };
    expect(reportsFromXarf(phishing, receivedAt).reports[0]).toMatchObject({
      source: { type: 'url', value: 'https://bank-login.example/x' },
      category: 'phishing',
      type: 'content/phishing',
      urls: [],
    });
  });

  it('refuses a v4 report without sender, saying v4 requires it', () => {
    const unsent: Record<string, unknown> = { ...spamReport };
    delete unsent.sender;
    expect(reportsFromXarf(unsent, receivedAt)).toEqual({
      reports: [],
      skipped: [
        {
          what: 'X-ARF report "3f0c2a9e-5b1d-4c7e-9a8f-2d6b1e0c4a71"',
          reason: 'X-ARF v4 requires sender, the organisation that filed the report; missing sender',
        },
      ],
    });
  });

  it('skips the bad reports of a list, each with its reason, and keeps the good ones', () => {
    const list = [
      spamReport,
      { ...spamReport, report_id: 'r2', source_identifier: 'not a host!' },
      { ...spamReport, report_id: 'r3', timestamp: 'yesterday' },
      { ...spamReport, report_id: 'r4', xarf_version: '5.0.0' },
      { ...spamReport, report_id: 'r5', category: 'spam' },
      { ...v3Report, Report: { ...v3Report.Report, ReportType: 'Defacement' } },
      { hello: 'world' },
    ];
    const { reports, skipped } = reportsFromXarf(list, receivedAt);
    expect(reports).toHaveLength(1);
    expect(skipped).toEqual([
      { what: 'X-ARF report "r2"', reason: 'source_identifier is not an IP address, CIDR block, domain or URL' },
      { what: 'X-ARF report "r3"', reason: 'timestamp is not an ISO 8601 date-time' },
      { what: 'X-ARF report "r4"', reason: 'xarf_version "5.0.0" is not a version 4 (4.x.y)' },
      { what: 'X-ARF report "r5"', reason: 'category "spam" is not an X-ARF v4 category' },
      { what: 'X-ARF report #5', reason: 'the v3 ReportType "Defacement" has no X-ARF v4 category and type' },
      { what: 'X-ARF report #6', reason: 'not an X-ARF report' },
    ]);
  });

  it.each([[{ hello: 'world' }], [[1, 2]], ['xarf_version'], [null], [{ Version: '3' }]])('refuses %j: not X-ARF at all', (document) => {
    expect(() => reportsFromXarf(document, receivedAt)).toThrow(XarfInvalidError);
    expect(() => reportsFromXarf(document, receivedAt)).toThrow(/^not X-ARF: expected an X-ARF v4 report/);
    expect(() => reportsFromXarf(document, receivedAt)).toThrow(expect.objectContaining({ code: 'XARF_INVALID' }));
  });

  it('reads an empty list as no reports', () => {
    expect(reportsFromXarf([], receivedAt)).toEqual({ reports: [], skipped: [] });
  });

  it('takes a source that is a domain, a block or an IPv6 address, and the reporter domain from its contact', () => {
    const read = (source_identifier: string) =>
      reportsFromXarf({ ...spamReport, source_identifier, reporter: { org: 'x', contact: 'abuse@Reporter.example' } }, receivedAt)
        .reports[0];
    expect(read('Spam-Host.example').source).toEqual({ type: 'domain', value: 'spam-host.example' });
    expect(read('198.51.100.0/24').source).toEqual({ type: 'cidr', value: '198.51.100.0/24' });
    expect(read('2001:db8::25').source).toEqual({ type: 'ipv6', value: '2001:db8::25' });
    expect(read('192.0.2.7').reporterDomain).toBe('reporter.example');
  });

  it('never dates the abuse after the report arrived', () => {
    expect(reportsFromXarf({ ...spamReport, timestamp: '2030-01-01T00:00:00Z' }, receivedAt).reports[0].observedAt).toBe(
      receivedAt.toISOString(),
    );
  });
});

describe(categoryOfXarf.name, () => {
  it.each([
    ['messaging', 'spam', 'spam'],
    ['messaging', 'bulk_messaging', 'spam'],
    ['connection', 'ddos', 'ddos'],
    ['connection', 'port_scan', 'scanning'],
    ['connection', 'port-scan', 'scanning'],
    ['connection', 'reconnaissance', 'scanning'],
    ['connection', 'login_attack', 'intrusion'],
    ['connection', 'sql_injection', 'other'],
    ['content', 'phishing', 'phishing'],
    ['content', 'malware', 'malware'],
    ['content', 'exposed_data', 'data-leak'],
    ['content', 'fraud', 'fraud'],
    ['content', 'csam', 'other'],
    ['infrastructure', 'botnet', 'botnet'],
    ['infrastructure', 'compromised_server', 'other'],
    ['vulnerability', 'cve', 'vulnerability'],
    ['vulnerability', 'open_service', 'vulnerability'],
    ['reputation', 'blocklist', 'other'],
    ['copyright', 'p2p', 'other'],
  ])('maps %s/%s to %s', (category, type, expected) => {
    expect(categoryOfXarf(category, type)).toBe(expected);
  });
});
