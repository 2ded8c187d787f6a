import fc from 'fast-check';
import { AlertSubmissionDto, checkSchema, LIMITS } from '@cirtmesh/contracts';
import type { AbuseReport } from '../draft';
import { campaignCategory, campaignSeverity, draftForCampaign } from './campaign-draft';
import { CampaignWindow, foldReports } from './campaigns';

const T0 = Date.parse('2025-03-01T00:00:00Z');

/** Report `n` about source `s` (one of ten), each naming its own URL and a shared domain. */
function report(n: number, s = n % 10, fields: Partial<AbuseReport> = {}): AbuseReport {
  return {
    reportId: `r-${n}`,
    format: Math.floor(n / 10) % 2 === 0 ? 'arf' : 'xarf',
    source: { type: 'ipv4', value: `192.0.2.${s}` },
    category: 'spam',
    type: Math.floor(n / 10) % 2 === 0 ? 'abuse' : 'messaging/spam',
    observedAt: new Date(T0 + n * 60_000).toISOString(),
    reporterDomain: `reporter${n % 3}.example`,
    urls: [`https://spam${s}.example/offer/${n}`],
    domains: [`spam${s}.example`],
    senderEmail: `sales${n % 7}@spam${s}.example`,
    ...fields,
  };
}

describe(CampaignWindow.name, () => {
  it('folds 1,000 reports about 10 sources into 10 campaigns, counting duplicates once and keeping its bounds', () => {
    const reports = Array.from({ length: 1_000 }, (_, n) => report(n));
    const summaries = foldReports([...reports, ...reports.slice(0, 250)]);
    expect(summaries).toHaveLength(10);
    for (const summary of summaries) {
      expect(summary.reports).toBe(100);
      expect(summary.urls).toHaveLength(100);
      expect(summary.domains).toEqual([`spam${summary.source.value.split('.')[3]}.example`]);
      expect(summary.senderEmails).toHaveLength(7);
      expect(summary.reportIds).toHaveLength(100);
      expect(summary.types).toEqual({ abuse: 50, 'messaging/spam': 50 });
      expect(summary.categories).toEqual({ spam: 100 });
    }
    expect(summaries[3]).toMatchObject({
      key: 'ipv4:192.0.2.3',
      source: { type: 'ipv4', value: '192.0.2.3' },
      firstReportId: 'r-3',
      firstSeen: new Date(T0 + 3 * 60_000).toISOString(),
      lastSeen: new Date(T0 + 993 * 60_000).toISOString(),
      reporterDomains: ['reporter0.example', 'reporter1.example', 'reporter2.example'],
    });
  });

  it('bounds what a campaign names however many reports come', () => {
    const reports = Array.from({ length: 500 }, (_, n) =>
      report(n, 1, { urls: [`https://a${n}.example/`, `https://b${n}.example/`], domains: [`d${n}.example`] }),
    );
    const [summary] = foldReports(reports, { names: 20, reportIds: 5 });
    expect(summary).toMatchObject({ reports: 500 });
    expect(summary.urls).toHaveLength(20);
    expect(summary.domains).toHaveLength(20);
    expect(summary.reportIds).toEqual(['r-0', 'r-1', 'r-2', 'r-3', 'r-4']);
  });

  it('says which campaigns are due by the caller clock and window, and closes them', () => {
    const window = new CampaignWindow();
    expect(window.add(report(0, 0), new Date(T0))).toBe(true);
    expect(window.add(report(1, 1), new Date(T0 + 30_000))).toBe(true);
    expect(window.add(report(0, 0), new Date(T0 + 40_000))).toBe(false);
    expect(window.due(new Date(T0 + 59_999), 60_000)).toEqual([]);
    expect(window.due(new Date(T0 + 60_000), 60_000)).toEqual(['ipv4:192.0.2.0']);
    expect(window.close('ipv4:192.0.2.0')).toMatchObject({ reports: 1 });
    expect(window.close('ipv4:192.0.2.0')).toBeUndefined();
    expect(window.size).toBe(1);
    expect(window.due(new Date(T0 + 90_000), 60_000)).toEqual(['ipv4:192.0.2.1']);
  });

  it('names a campaign after its earliest report, whatever order the reports came in', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(
          Array.from({ length: 30 }, (_, n) => report(n, 4)),
          { minLength: 1 },
        ),
        (reports) => {
          const [summary] = foldReports(reports);
          const earliest = [...reports].sort((a, b) => a.observedAt.localeCompare(b.observedAt))[0];
          expect(summary.firstReportId).toBe(earliest.reportId);
          expect(summary.reports).toBe(reports.length);
        },
      ),
    );
  });

  it('counts every distinct report of a source exactly once', () => {
    const arbitraryReport = fc
      .record({ n: fc.integer({ min: 0, max: 50 }), s: fc.integer({ min: 0, max: 4 }) })
      .map(({ n, s }) => report(n, s));
    fc.assert(
      fc.property(fc.array(arbitraryReport, { maxLength: 200 }), (reports) => {
        const distinct = new Set(reports.map((r) => `${r.source.value}/${r.reportId}`));
        const summaries = foldReports(reports);
        expect(summaries.reduce((sum, summary) => sum + summary.reports, 0)).toBe(distinct.size);
        expect(new Set(summaries.map((summary) => summary.key)).size).toBe(summaries.length);
      }),
    );
  });
});

describe(draftForCampaign.name, () => {
  const [summary] = foldReports(Array.from({ length: 14 }, (_, n) => report(n * 10, 7)));

  it('makes an alert of a campaign: title, category, severity, indicators and a key of its source and first report', () => {
    const draft = draftForCampaign(summary);
    expect(draft.key).toBe('campaign:ipv4:192.0.2.7:r-0');
    expect(draft.submission).toMatchObject({ title: 'Spam campaign from 192.0.2.7 (14 reports)', category: 'spam', severity: 'medium' });
    expect(draft.submission).not.toHaveProperty('tlp');
    expect(draft.submission.indicators).toEqual([
      { type: 'ipv4', value: '192.0.2.7' },
      ...summary.urls.map((value) => ({ type: 'url', value })),
      { type: 'domain', value: 'spam7.example' },
      ...summary.senderEmails.map((value) => ({ type: 'email', value })),
    ]);
    expect(draft.submission.description).toContain('14 abuse reports about ipv4 192.0.2.7');
    expect(draft.submission.description).toContain('Report types: abuse ×7, messaging/spam ×7.');
  });

  it('stays within the alert contract for the largest campaign', () => {
    const reports = Array.from({ length: 2_000 }, (_, n) =>
      report(n, 2, { urls: [`https://u${n}.example/${'p'.repeat(1_000)}`], reporterDomain: `${'r'.repeat(60)}${n}.example` }),
    );
    const { submission } = draftForCampaign(foldReports(reports)[0]);
    expect(submission.severity).toBe('high');
    expect(submission.indicators!.length).toBeLessThanOrEqual(LIMITS.indicatorsMax);
    expect(submission.description!.length).toBeLessThanOrEqual(LIMITS.descriptionMax);
    expect(submission.title.length).toBeLessThanOrEqual(LIMITS.titleMax);
    const problems: string[] = [];
    checkSchema(AlertSubmissionDto, { ...submission, tlp: 'GREEN' }, problems);
    expect(problems).toEqual([]);
  });

  it.each([
    [{ spam: 3, phishing: 3 }, 'spam'],
    [{ phishing: 4, spam: 3 }, 'phishing'],
    [{ malware: 2, fraud: 2 }, 'malware'],
    [{}, 'other'],
  ] as const)('takes the most common category of %j: %s', (categories, category) => {
    expect(campaignCategory(categories)).toBe(category);
  });

  it('grades severity by volume: low under 10, medium under 100, high from 100', () => {
    expect([1, 9, 10, 99, 100, 5_000].map(campaignSeverity)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high']);
  });
});
