import type { Category } from '@cirtmesh/contracts';
import type { AbuseReport, DraftIndicator } from '../draft';

/** How much one campaign keeps: what it names is bounded, what it counts is not. */
export interface CampaignLimits {
  /** URLs, domains, sender addresses, reporter domains and types kept per campaign. */
  names: number;
  /** Report ids listed in a summary; every report is counted. */
  reportIds: number;
  /** Report ids remembered per open campaign to count each report once; past this, reports are counted without that check. */
  tracked: number;
}

export const CAMPAIGN_LIMITS: CampaignLimits = { names: 100, reportIds: 100, tracked: 100_000 };

/** What a closed campaign says: the reports about one source, folded. */
export interface CampaignSummary {
  /** The source's type and value, `ipv4:192.0.2.7`: the campaign's key. */
  key: string;
  source: DraftIndicator;
  /** How many distinct reports (by report id) it folded. */
  reports: number;
  /** When the first and the last of its abuse happened. */
  firstSeen: string;
  lastSeen: string;
  /** The id of the earliest report (then the least id): with the key, it names the campaign. */
  firstReportId: string;
  /** Reports per source-format type (`abuse`, `messaging/spam`). */
  types: Record<string, number>;
  /** Reports per cirtmesh category. */
  categories: Partial<Record<Category, number>>;
  urls: string[];
  domains: string[];
  /** The addresses the reported mail claimed to come from. */
  senderEmails: string[];
  reporterDomains: string[];
  /** The first report ids, in the order they came. */
  reportIds: string[];
}

/** The key of a source: its type and value. */
export function campaignKey(source: DraftIndicator): string {
  return `${source.type}:${source.value}`;
}

/** Distinct values in the order they came, no more than `max`. */
class BoundedSet {
  readonly values = new Set<string>();
  constructor(private readonly max: number) {}

  add(...values: Array<string | undefined>): void {
    for (const value of values) if (value !== undefined && this.values.size < this.max) this.values.add(value);
  }
}

interface OpenCampaign {
  source: DraftIndicator;
  openedAt: number;
  count: number;
  first: { at: number; id: string };
  lastAt: number;
  ids: Set<string>;
  listedIds: string[];
  types: Map<string, number>;
  categories: Map<Category, number>;
  urls: BoundedSet;
  domains: BoundedSet;
  senderEmails: BoundedSet;
  reporterDomains: BoundedSet;
}

function openCampaign(report: AbuseReport, openedAt: number, limits: CampaignLimits): OpenCampaign {
  const at = Date.parse(report.observedAt);
  return {
    source: report.source,
    openedAt,
    count: 0,
    first: { at, id: report.reportId },
    lastAt: at,
    ids: new Set(),
    listedIds: [],
    types: new Map(),
    categories: new Map(),
    urls: new BoundedSet(limits.names),
    domains: new BoundedSet(limits.names),
    senderEmails: new BoundedSet(limits.names),
    reporterDomains: new BoundedSet(limits.names),
  };
}

function fold(campaign: OpenCampaign, report: AbuseReport, limits: CampaignLimits): void {
  const at = Date.parse(report.observedAt);
  campaign.count += 1;
  if (at < campaign.first.at || (at === campaign.first.at && report.reportId < campaign.first.id))
    campaign.first = { at, id: report.reportId };
  campaign.lastAt = Math.max(campaign.lastAt, at);
  if (campaign.listedIds.length < limits.reportIds) campaign.listedIds.push(report.reportId);
  if (campaign.types.has(report.type) || campaign.types.size < limits.names)
    campaign.types.set(report.type, (campaign.types.get(report.type) ?? 0) + 1);
  campaign.categories.set(report.category, (campaign.categories.get(report.category) ?? 0) + 1);
  campaign.urls.add(...report.urls);
  campaign.domains.add(...report.domains);
  campaign.senderEmails.add(report.senderEmail);
  campaign.reporterDomains.add(report.reporterDomain);
}

function summaryOf(key: string, campaign: OpenCampaign): CampaignSummary {
  return {
    key,
    source: campaign.source,
    reports: campaign.count,
    firstSeen: new Date(campaign.first.at).toISOString(),
    lastSeen: new Date(campaign.lastAt).toISOString(),
    firstReportId: campaign.first.id,
    types: Object.fromEntries(campaign.types),
    categories: Object.fromEntries(campaign.categories),
    urls: [...campaign.urls.values],
    domains: [...campaign.domains.values],
    senderEmails: [...campaign.senderEmails.values],
    reporterDomains: [...campaign.reporterDomains.values],
    reportIds: campaign.listedIds,
  };
}

/**
 * Open campaigns, one per source: reports about the same source (its type and value) fold into
 * one, each report id counted once. It keeps no clock and no timer: the caller adds reports,
 * asks which campaigns are `due` by its own clock and window, and closes them to get their
 * summaries (then makes alerts of them with draftForCampaign).
 */
export class CampaignWindow {
  private readonly open = new Map<string, OpenCampaign>();
  private readonly limits: CampaignLimits;

  constructor(limits: Partial<CampaignLimits> = {}) {
    this.limits = { ...CAMPAIGN_LIMITS, ...limits };
  }

  /** How many campaigns are open. */
  get size(): number {
    return this.open.size;
  }

  /**
   * Folds a report into the campaign of its source, opening one at `at` (by default when its
   * abuse happened) if there is none. Returns false for a report id the campaign already counted.
   */
  add(report: AbuseReport, at: Date = new Date(report.observedAt)): boolean {
    const key = campaignKey(report.source);
    const campaign = this.open.get(key) ?? openCampaign(report, at.getTime(), this.limits);
    if (campaign.ids.has(report.reportId)) return false;
    if (campaign.ids.size < this.limits.tracked) campaign.ids.add(report.reportId);
    this.open.set(key, campaign);
    fold(campaign, report, this.limits);
    return true;
  }

  /** The open campaigns: their source, how many reports so far, and when they opened. */
  openCampaigns(): Array<{ key: string; source: DraftIndicator; reports: number; openedAt: Date }> {
    return [...this.open].map(([key, c]) => ({ key, source: c.source, reports: c.count, openedAt: new Date(c.openedAt) }));
  }

  /** The keys of the campaigns opened at least `windowMs` before `now`. */
  due(now: Date, windowMs: number): string[] {
    const before = now.getTime() - windowMs;
    return [...this.open].filter(([, campaign]) => campaign.openedAt <= before).map(([key]) => key);
  }

  /** Closes a campaign and returns its summary; undefined when no campaign has that key. */
  close(key: string): CampaignSummary | undefined {
    const campaign = this.open.get(key);
    if (campaign === undefined) return undefined;
    this.open.delete(key);
    return summaryOf(key, campaign);
  }

  /** Closes every open campaign, in the order they opened. */
  closeAll(): CampaignSummary[] {
    return [...this.open.keys()].map((key) => this.close(key)!);
  }
}

/** Folds reports into one summary per source, all at once. */
export function foldReports(reports: Iterable<AbuseReport>, limits: Partial<CampaignLimits> = {}): CampaignSummary[] {
  const window = new CampaignWindow(limits);
  for (const report of reports) window.add(report);
  return window.closeAll();
}
