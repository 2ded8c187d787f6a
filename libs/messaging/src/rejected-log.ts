import type { NatsConnection } from 'nats';
import { ensureStream, logStream } from './streams';
import { publishDurable } from './publish';
import { replayStream } from './replay';
import type { TerminatedMessage } from './jetstream.transport';

export interface RejectedMessage {
  party: string;
  subject: string;
  seq: number;
  code: string;
  error: string;
  rejectedAt: string;
}

const STREAM = 'REJECTED';
const subject = (party: string): string => `mesh.rejected.${party}`;
const KEEP = 10_000;

/**
 * Messages a party terminated because they could never be valid (malformed, forged, looping),
 * kept in its own REJECTED stream (metadata only) and in memory for the API.
 */
export class RejectedLog {
  private readonly recent: RejectedMessage[] = [];

  constructor(
    private readonly nc: NatsConnection,
    private readonly party: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async init(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    await ensureStream(jsm, { ...logStream(STREAM, [subject(this.party)]), max_msgs: KEEP });
    await replayStream(this.nc, STREAM, (msg) => {
      this.recent.push(msg.json<RejectedMessage>());
    });
  }

  /** For the transport's onTerminate: records before the message is terminated. */
  readonly record = async (m: TerminatedMessage): Promise<void> => {
    const entry: RejectedMessage = {
      party: this.party,
      subject: m.subject,
      seq: m.seq,
      code: m.code,
      error: m.error,
      rejectedAt: this.clock().toISOString(),
    };
    await publishDurable(this.nc, subject(this.party), Buffer.from(JSON.stringify(entry)), {
      msgId: `rejected:${m.pattern}:${m.subject}:${m.seq}`,
      expectStream: STREAM,
    });
    this.recent.push(entry);
    if (this.recent.length > KEEP) this.recent.splice(0, this.recent.length - KEEP);
  };

  /** Newest first. */
  list(limit: number): RejectedMessage[] {
    return this.recent.slice(-limit).reverse();
  }
}
