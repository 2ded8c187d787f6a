import { campaignKey, CampaignWindow, draftForCampaign, type AbuseReport, type ReportBatch, type Skipped } from '@cirtmesh/interop';
import { silentLog, type Log } from '@cirtmesh/logging';
import { ensureStream, logStream, publishDurable, replayStream } from '@cirtmesh/messaging';
import { createHash } from 'node:crypto';
import type { NatsConnection } from 'nats';
import type { ImportAlerts, ImportedAlert, ImportOptions } from './import-alerts';

export const REPORTS_STREAM = 'REPORTS';
const subjectsOf = (node: string): string => `reports.${node}.>`;

/** An open campaign as the API lists it. */
export interface OpenCampaign {
  source: string;
  reports: number;
  closesAt: string;
}

export interface IntakeOutcome {
  campaigns: OpenCampaign[];
  skipped: Skipped[];
}

/** What the node keeps of a report until its campaign closes: the report, and what the caller asked of its alert. */
interface StoredReport {
  report: AbuseReport;
  options: Pick<ImportOptions, 'scope' | 'recipients' | 'groups'>;
  receivedAt: string;
  /** The trace context of the request that brought it: the campaign's alert links to it. */
  traceparent?: string;
}

/** Most reports a campaign's alert links its trace to; the first ones are kept. */
const MAX_LINKS = 32;

/**
 * Spam and abuse reports folded into campaigns (Res. 45: campaigns, not floods). Each report is
 * stored in the node's REPORTS stream before it is answered, one subject per source, so a crash
 * loses nothing: at start the open campaigns are rebuilt from the stream. When a source's window
 * closes, its reports become one alert (through ImportAlerts, keyed by the campaign, so a campaign
 * closed twice is stored once), and its reports are purged from the stream.
 */
export class ReportIntake {
  private window = new CampaignWindow();
  private readonly seen = new Map<string, { lastSeq: number; options: StoredReport['options']; links: string[] }>();
  private timer?: NodeJS.Timeout;
  private closing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly nc: NatsConnection,
    private readonly nodeId: string,
    private readonly imports: ImportAlerts,
    private readonly windowMs: number,
    private readonly log: Log = silentLog,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async init(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    await ensureStream(jsm, logStream(REPORTS_STREAM, [subjectsOf(this.nodeId)]));
    await this.rebuild();
    this.timer = setInterval(() => void this.closeDue(), Math.min(1_000, this.windowMs)).unref();
  }

  close(): void {
    clearInterval(this.timer);
  }

  /** Stores each report durably, then folds it into its source's campaign; a report seen before counts once. */
  async accept(batch: ReportBatch, options: ImportOptions = {}): Promise<IntakeOutcome> {
    const skipped = [...batch.skipped];
    const touched = new Set<string>();
    const kept: StoredReport['options'] = { scope: options.scope, recipients: options.recipients, groups: options.groups };
    for (const report of batch.reports) {
      const receivedAt = this.clock();
      const stored: StoredReport = { report, options: kept, receivedAt: receivedAt.toISOString(), traceparent: options.traceparent };
      const ack = await publishDurable(this.nc, this.subjectOf(report), Buffer.from(JSON.stringify(stored)), {
        msgId: `report:${report.reportId}`,
        expectStream: REPORTS_STREAM,
      });
      if (ack.duplicate || !this.fold(stored, ack.seq)) {
        skipped.push({ what: `report ${report.reportId}`, reason: 'duplicate report: it was counted already' });
        continue;
      }
      touched.add(campaignKey(report.source));
    }
    return { campaigns: this.open().filter((c) => touched.has(c.source)), skipped };
  }

  /** The open campaigns, soonest to close first. */
  open(): OpenCampaign[] {
    return this.window
      .openCampaigns()
      .map((c) => ({ source: c.key, reports: c.reports, closesAt: new Date(c.openedAt.getTime() + this.windowMs).toISOString() }))
      .sort((a, b) => a.closesAt.localeCompare(b.closesAt));
  }

  /** Closes every open campaign now; resolves to the alerts made. */
  flush(): Promise<ImportedAlert[]> {
    return this.serial(() => this.closeAll(this.window.openCampaigns().map((c) => c.key)));
  }

  private closeDue(): Promise<unknown> {
    const due = this.window.due(this.clock(), this.windowMs);
    return due.length === 0 ? Promise.resolve() : this.serial(() => this.closeAll(due));
  }

  /**
   * Makes the campaigns' alerts in one batch, then forgets their reports. A campaign whose alert
   * could not be stored keeps its reports in the stream, and they are folded again.
   */
  private async closeAll(keys: string[]): Promise<ImportedAlert[]> {
    const closing = keys.flatMap((key) => {
      const summary = this.window.close(key);
      const kept = this.seen.get(key);
      // From here a report about the same source opens a new campaign, with its own entry.
      this.seen.delete(key);
      return summary && kept ? [{ key, summary, kept }] : [];
    });
    if (closing.length === 0) return [];
    const made: ImportedAlert[] = [];
    let failed = false;
    try {
      const results = await this.imports.importEach(
        closing.map((c) => ({ draft: draftForCampaign(c.summary), options: { ...c.kept.options, links: c.kept.links } })),
      );
      const jsm = await this.nc.jetstreamManager();
      for (const [i, result] of results.entries()) {
        const { key, kept } = closing[i];
        if (result.status === 'rejected') {
          failed = true;
          this.log.error({ campaign: key, err: result.reason }, 'campaign could not be closed; its reports stay and are folded again');
          continue;
        }
        if ('reason' in result.value) this.log.info({ campaign: key, reason: result.value.reason }, 'campaign not made an alert');
        else made.push(result.value);
        await jsm.streams.purge(REPORTS_STREAM, { filter: this.subjectFor(key), seq: kept.lastSeq + 1 });
      }
    } catch (error) {
      failed = true;
      this.log.error({ err: error }, 'campaigns could not be closed; their reports stay and are folded again');
    }
    if (failed) await this.rebuild();
    return made;
  }

  private fold(stored: StoredReport, seq: number): boolean {
    if (!this.window.add(stored.report, new Date(stored.receivedAt))) return false;
    const key = campaignKey(stored.report.source);
    const held = this.seen.get(key);
    const links = stored.traceparent ? [stored.traceparent] : [];
    if (!held) this.seen.set(key, { lastSeq: seq, options: stored.options, links });
    else {
      held.lastSeq = Math.max(seq, held.lastSeq);
      for (const link of links) if (held.links.length < MAX_LINKS && !held.links.includes(link)) held.links.push(link);
    }
    return true;
  }

  private async rebuild(): Promise<void> {
    this.window = new CampaignWindow();
    this.seen.clear();
    await replayStream(this.nc, REPORTS_STREAM, (msg) => {
      this.fold(msg.json<StoredReport>(), msg.seq);
    });
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.closing.then(work, work);
    this.closing = result.catch(() => undefined);
    return result;
  }

  private subjectOf(report: AbuseReport): string {
    return this.subjectFor(campaignKey(report.source));
  }

  /** One subject per source, so closing a campaign purges exactly its reports. */
  private subjectFor(key: string): string {
    return `reports.${this.nodeId}.${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
  }
}
