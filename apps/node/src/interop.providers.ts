import { ALERT_ARCHIVE, type AlertArchive } from '@cirtmesh/archive';
import { draftsFromStix, reportsFromArf } from '@cirtmesh/interop';
import { LOG, type Log } from '@cirtmesh/logging';
import { AbuseMailbox, MailRefused } from '@cirtmesh/mail';
import { AlertFormats, AlertLog, ImportAlerts, LiveFeed, ReportIntake, SubmitAlert } from '@cirtmesh/node-core';
import { AlertsCollection, loadCollectionIds, TaxiiServer, Timeline } from '@cirtmesh/taxii';
import { Inject, Injectable, Logger, type Provider } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { Subscription } from 'rxjs';
import type { NodeConfig } from './config';
import { NATS_CONNECTION, NODE_CONFIG } from './tokens';

const PAGE = 1_000;

/** What an ARF message handed to the abuse mailbox became, as the SMTP reply says it. */
async function takeMail(intake: ReportIntake, raw: Buffer): Promise<string> {
  let batch;
  try {
    batch = await reportsFromArf(raw, new Date());
  } catch (error) {
    throw new MailRefused(550, error instanceof Error ? error.message : 'not an ARF report');
  }
  if (batch.reports.length === 0)
    throw new MailRefused(550, `no report taken: ${batch.skipped.map((s) => s.reason).join('; ') || 'nothing to report'}`);
  const { campaigns, skipped } = await intake.accept(batch);
  if (campaigns.length === 0) return `report taken: ${skipped.map((s) => s.reason).join('; ')}`;
  return `report stored: campaign ${campaigns.map((c) => `${c.source} (${c.reports} reports, closes ${c.closesAt})`).join(', ')}`;
}

/**
 * The node's doors for other formats, started once the archive is rebuilt: the TAXII timeline
 * (built from the archive, then fed by the live feed), the spam campaigns, and the abuse mailbox.
 */
@Injectable()
export class NodeInterop {
  private readonly logger = new Logger('interop');
  private subscription?: Subscription;
  private mailbox?: AbuseMailbox;

  constructor(
    private readonly timeline: Timeline,
    private readonly intake: ReportIntake,
    private readonly live: LiveFeed,
    @Inject(ALERT_ARCHIVE) private readonly archive: AlertArchive,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  async start(): Promise<void> {
    for (let after = 0; ;) {
      const page = await this.archive.after(after, {}, PAGE);
      for (const record of page) this.timeline.append(record);
      if (page.length < PAGE) break;
      after = page[page.length - 1].seq;
    }
    this.subscription = this.live.records.subscribe((record) => this.timeline.append(record));
    await this.intake.init();
    const smtp = this.config.smtp;
    if (smtp) {
      this.mailbox = new AbuseMailbox({ ...smtp, name: `cirtmesh-${this.config.nodeId}` }, (raw) => takeMail(this.intake, raw));
      await this.mailbox.listen();
      this.logger.log(`abuse mailbox listening on smtp://${smtp.host}:${smtp.port}`);
    }
  }

  async stop(): Promise<void> {
    this.subscription?.unsubscribe();
    this.intake.close();
    await this.mailbox?.close();
  }
}

/** Imports, campaigns, formats and the TAXII server of a node. */
export function interopProviders(config: NodeConfig): Provider[] {
  return [
    {
      provide: ImportAlerts,
      inject: [SubmitAlert, AlertLog],
      useFactory: (s: SubmitAlert, l: AlertLog) => new ImportAlerts(s, l, config.imports),
    },
    {
      provide: ReportIntake,
      inject: [NATS_CONNECTION, ImportAlerts, LOG],
      useFactory: (nc: NatsConnection, imports: ImportAlerts, log: Log) =>
        new ReportIntake(nc, config.nodeId, imports, config.spamWindowMs, log),
    },
    { provide: AlertFormats, inject: [ALERT_ARCHIVE], useFactory: (archive: AlertArchive) => new AlertFormats(archive, config.directory) },
    { provide: Timeline, useValue: new Timeline() },
    {
      provide: TaxiiServer,
      inject: [NATS_CONNECTION, Timeline, ALERT_ARCHIVE, AlertFormats, ImportAlerts],
      useFactory: async (nc: NatsConnection, timeline: Timeline, archive: AlertArchive, formats: AlertFormats, imports: ImportAlerts) => {
        const collection = new AlertsCollection(
          timeline,
          (id) => archive.get(id),
          (record) => formats.stixObjects(record),
        );
        const importer = async (envelope: Record<string, unknown>): Promise<{ skipped: Array<{ what: string; reason: string }> }> =>
          imports.execute(draftsFromStix(envelope));
        return new TaxiiServer(config.nodeId, await loadCollectionIds(nc), collection, importer);
      },
    },
    NodeInterop,
  ];
}
