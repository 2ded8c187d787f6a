import {
  DomainError,
  isTraceparent,
  newTraceparent,
  toAlert,
  type Alert,
  type AlertSubmissionDto,
  type Campaign,
  type Reason,
  type StoredAlert,
} from '@cirtmesh/contracts';
import { silentLog, traceFields, type Log } from '@cirtmesh/logging';
import { checkOutbound, type NodePolicy } from '@cirtmesh/trust';
import { v7 as uuidv7 } from 'uuid';
import type { AlertLog, SentAlert } from './alert-log';

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
  /** Traced, the contexts the alert's own trace links to; the batch request's when absent. */
  links?: string[];
}

/** One submission of a batch, with what an import or a campaign adds to it. */
export interface Submission {
  submission: AlertSubmissionDto;
  extras?: SubmitExtras;
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
    const [result] = await this.executeBatch([{ submission, extras }], traceparent, false);
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  }

  /**
   * Several submissions at once, stored with one wait for the stream. Each item settles on its
   * own: one the outbound policy refuses, or a duplicate import, stores nothing and fails alone.
   * Traced, each alert gets a trace of its own, linked to the request (or to what its extras
   * name); `ownTraces` false keeps them in the request's trace.
   */
  async executeBatch(items: Submission[], traceparent: string | undefined, ownTraces = true): Promise<PromiseSettledResult<StoredAlert>[]> {
    const now = this.clock();
    const trace = isTraceparent(traceparent) ? traceparent : newTraceparent();
    const results = new Array<PromiseSettledResult<StoredAlert>>(items.length);
    const accepted: { index: number; item: SentAlert }[] = [];
    items.forEach(({ submission, extras = {} }, index) => {
      try {
        accepted.push({
          index,
          item: {
            alert: this.stamp(submission, extras, now, trace),
            traceparent: trace,
            importKey: extras.importKey,
            ...(ownTraces ? { links: extras.links ?? [trace] } : {}),
          },
        });
      } catch (error) {
        results[index] = { status: 'rejected', reason: error };
      }
    });
    const stored = await this.log.appendSentBatch(accepted.map((a) => a.item));
    stored.forEach((result, i) => {
      results[accepted[i].index] = result;
      if (result.status === 'fulfilled') {
        const { alert, seq } = result.value;
        this.logger.debug({ alertId: alert.id, origin: alert.origin, seq, ...traceFields(trace) }, 'alert stored and signed');
      }
    });
    return results;
  }

  /** The alert made of a submission, or the outbound policy's refusal. */
  private stamp(submission: AlertSubmissionDto, extras: SubmitExtras, now: Date, trace: string): Alert {
    const alert = toAlert(submission, this.nodeId, uuidv7({ msecs: now.getTime() }), now);
    if (extras.campaign) alert.campaign = extras.campaign;
    if (this.outbound && alert.scope !== 'national') {
      const denies = checkOutbound(this.outbound, alert);
      if (denies.length > 0) {
        const fields = { alertId: alert.id, origin: alert.origin, ...traceFields(trace) };
        this.logger.info({ ...fields, reasons: denies.map((d) => d.code) }, "refused by this node's outbound policy");
        throw new OutboundRefusedError(denies);
      }
    }
    return alert;
  }
}
