import type { AlertArchive } from '@cirtmesh/archive';
import {
  DomainError,
  sightingProblems,
  toFeedbackEvent,
  type AckDto,
  type Feedback,
  type FeedbackEvent,
  type SightingDto,
  type StoredAlert,
} from '@cirtmesh/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { AlertLog } from './alert-log';

export class FeedbackRefusedError extends DomainError {
  declare readonly code: 'UNKNOWN_ALERT' | 'OWN_ALERT' | 'BAD_SIGHTING';
  constructor(code: 'UNKNOWN_ALERT' | 'OWN_ALERT' | 'BAD_SIGHTING', message: string) {
    super(code, message);
  }
}

/**
 * "We have acted" and "we see this too": a recipient's word back to the origin of an alert it
 * received. It goes to the origin only, whatever the alert's TLP, through the hubs the alert came by.
 */
export class SendFeedback {
  constructor(
    private readonly log: AlertLog,
    private readonly archive: AlertArchive,
    private readonly nodeId: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async ack(alertId: string, body: AckDto): Promise<FeedbackEvent> {
    const record = await this.received(alertId);
    return this.send(this.feedback(record, 'ack', body.note), record.traceparent);
  }

  async sighting(alertId: string, body: SightingDto): Promise<FeedbackEvent> {
    const record = await this.received(alertId);
    const problems = sightingProblems(body, this.clock());
    if (problems.length > 0) throw new FeedbackRefusedError('BAD_SIGHTING', problems.join('; '));
    const sighting = {
      count: body.count,
      firstSeen: new Date(body.firstSeen).toISOString(),
      lastSeen: new Date(body.lastSeen).toISOString(),
    };
    return this.send({ ...this.feedback(record, 'sighting', body.note), sighting }, record.traceparent);
  }

  /** Stored on the outbound subject: the uplink takes it to the alert's origin, in the alert's trace. */
  private send(feedback: Feedback, alertTrace: string | undefined): Promise<FeedbackEvent> {
    return this.log.appendFeedback(toFeedbackEvent(uuidv7(), feedback, this.clock()), 'sent', alertTrace);
  }

  private feedback(record: StoredAlert, kind: Feedback['kind'], note: string | undefined): Feedback {
    const feedback: Feedback = {
      alertId: record.alert.id,
      origin: record.alert.origin,
      from: this.nodeId,
      kind,
      at: this.clock().toISOString(),
    };
    if (note !== undefined) feedback.note = note;
    return feedback;
  }

  private async received(alertId: string): Promise<StoredAlert> {
    const record = await this.archive.get(alertId);
    if (!record) throw new FeedbackRefusedError('UNKNOWN_ALERT', `alert ${alertId} is not held by this node`);
    if (record.direction !== 'received') {
      throw new FeedbackRefusedError('OWN_ALERT', `alert ${alertId} originated here: acks and sightings come from its recipients`);
    }
    return record;
  }
}
