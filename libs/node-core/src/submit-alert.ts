import { isTraceparent, newTraceparent, toAlert, type AlertSubmissionDto, type StoredAlert } from '@cirtmesh/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { AlertLog } from './alert-log';

/** An analyst or tool submits an alert: the node stamps it and stores it durably. */
export class SubmitAlert {
  constructor(
    private readonly log: AlertLog,
    private readonly nodeId: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Stores the alert durably; the submitting request's trace context travels with it (a new one if it brought none). */
  async execute(submission: AlertSubmissionDto, traceparent: string | undefined): Promise<StoredAlert> {
    const now = this.clock();
    const alert = toAlert(submission, this.nodeId, uuidv7({ msecs: now.getTime() }), now);
    return this.log.appendSent(alert, isTraceparent(traceparent) ? traceparent : newTraceparent());
  }
}
