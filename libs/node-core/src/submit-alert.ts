import {
  DomainError,
  isTraceparent,
  newTraceparent,
  toAlert,
  type AlertSubmissionDto,
  type Campaign,
  type Reason,
  type StoredAlert,
} from '@cirtmesh/contracts';
import { silentLog, traceFields, type Log } from '@cirtmesh/logging';
import { checkOutbound, type NodePolicy } from '@cirtmesh/trust';
import { v7 as uuidv7 } from 'uuid';
import type { AlertLog } from './alert-log';

/** The node's own outbound policy refuses the alert; nothing was stored or sent. */
export class OutboundRefusedError extends DomainError {
  constructor(readonly reasons: Reason[]) {
    super('OUTBOUND_REFUSED', `this node's outbound policy refuses the alert: ${reasons.map((r) => r.text).join('; ')}`, {
      details: { reasons },
    });
  }
}

/** What an import or a spam campaign adds to a submission. */
export interface SubmitExtras {
  /** The source object's key (see libs/interop): an alert is made from it once. */
  importKey?: string;
  campaign?: Campaign;
}

/** An analyst or tool submits an alert: the node stamps it and stores it durably. */
export class SubmitAlert {
  constructor(
    private readonly log: AlertLog,
    private readonly nodeId: string,
    private readonly outbound?: NodePolicy,
    private readonly logger: Log = silentLog,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Stores the alert durably; the submitting request's trace context travels with it (a new one
   * if it brought none). An import passes its source's key (stored once), a spam campaign its summary.
   */
  async execute(submission: AlertSubmissionDto, traceparent: string | undefined, extras: SubmitExtras = {}): Promise<StoredAlert> {
    const now = this.clock();
    const alert = toAlert(submission, this.nodeId, uuidv7({ msecs: now.getTime() }), now);
    if (extras.campaign) alert.campaign = extras.campaign;
    const trace = isTraceparent(traceparent) ? traceparent : newTraceparent();
    const fields = { alertId: alert.id, origin: alert.origin, ...traceFields(trace) };
    if (this.outbound && alert.scope !== 'national') {
      const denies = checkOutbound(this.outbound, alert);
      if (denies.length > 0) {
        this.logger.info({ ...fields, reasons: denies.map((d) => d.code) }, "refused by this node's outbound policy");
        throw new OutboundRefusedError(denies);
      }
    }
    const stored = await this.log.appendSent(alert, trace, extras.importKey);
    this.logger.debug({ ...fields, seq: stored.seq }, 'alert stored and signed');
    return stored;
  }
}
