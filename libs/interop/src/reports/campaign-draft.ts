import { CATEGORIES, LIMITS, type Category, type Severity } from '@cirtmesh/contracts';
import type { AlertDraft } from '../draft';
import { IndicatorList } from '../indicator-list';
import { clip } from '../json-values';
import type { CampaignSummary } from './campaigns';

/** How many reports make a campaign of medium, then high severity. */
export const CAMPAIGN_SEVERITY = { medium: 10, high: 100 } as const;

const NOUN: Readonly<Record<Category, string>> = {
  spam: 'Spam',
  phishing: 'Phishing',
  malware: 'Malware',
  fraud: 'Fraud',
  ddos: 'DDoS',
  scanning: 'Scanning',
  intrusion: 'Intrusion',
  botnet: 'Botnet',
  'data-leak': 'Data leak',
  vulnerability: 'Vulnerability',
  other: 'Abuse',
};

/** The category most of the reports have; a tie that includes spam is spam, any other tie the first in the contract's order. */
export function campaignCategory(categories: CampaignSummary['categories']): Category {
  const most = Math.max(0, ...Object.values(categories));
  const tied = CATEGORIES.filter((category) => categories[category] === most);
  return tied.includes('spam') ? 'spam' : (tied[0] ?? 'other');
}

export function campaignSeverity(reports: number): Severity {
  if (reports >= CAMPAIGN_SEVERITY.high) return 'high';
  return reports >= CAMPAIGN_SEVERITY.medium ? 'medium' : 'low';
}

function descriptionOf(summary: CampaignSummary): string {
  const counted = (counts: Record<string, number>): string =>
    Object.entries(counts)
      .map(([name, count]) => `${name} ×${count}`)
      .join(', ');
  const lines = [
    `${summary.reports} abuse reports about ${summary.source.type} ${summary.source.value}, the abuse seen from ${summary.firstSeen} to ${summary.lastSeen}.`,
    `Report types: ${counted(summary.types)}.`,
    summary.reporterDomains.length > 0 ? `Reported by: ${summary.reporterDomains.join(', ')}.` : undefined,
    summary.senderEmails.length > 0 ? 'The sender addresses are those the mail claimed; they may be forged.' : undefined,
    `Report ids: ${summary.reportIds.slice(0, 10).join(', ')}${summary.reports > 10 ? ', …' : ''}.`,
  ];
  return clip(lines.filter((line) => line !== undefined).join('\n'), LIMITS.descriptionMax);
}

/**
 * The alert draft for a closed campaign: its category the most common of its reports, a title
 * such as `Spam campaign from 192.0.2.7 (14 reports)`, its severity from the number of reports
 * (low under 10, medium under 100, high from 100), and as indicators the source, the URLs and
 * domains the reports named, and the sender addresses the spam claimed (the spammer's, not its
 * victims'). No TLP: abuse reports carry none, so the node's default applies.
 *
 * The key, `campaign:<source key>:<first report id>`, is the same for the same reports however
 * they arrived, so a campaign closed twice is stored once.
 */
export function draftForCampaign(summary: CampaignSummary): AlertDraft {
  const category = campaignCategory(summary.categories);
  const indicators = new IndicatorList();
  indicators.add(summary.source.type, summary.source.value);
  for (const url of summary.urls) indicators.add('url', url);
  for (const domain of summary.domains) indicators.add('domain', domain);
  for (const email of summary.senderEmails) indicators.add('email', email);
  const plural = summary.reports === 1 ? 'report' : 'reports';
  return {
    key: `campaign:${summary.key}:${summary.firstReportId}`,
    what: `campaign of ${summary.reports} abuse ${plural} about ${summary.key}`,
    submission: {
      title: `${NOUN[category]} campaign from ${clip(summary.source.value, 120)} (${summary.reports} ${plural})`,
      description: descriptionOf(summary),
      category,
      severity: campaignSeverity(summary.reports),
      indicators: indicators.items,
    },
    campaign: {
      reports: summary.reports,
      firstSeen: summary.firstSeen,
      lastSeen: summary.lastSeen,
      types: Object.keys(summary.types)
        .slice(0, 20)
        .map((type) => clip(type, 64)),
    },
  };
}
