import { assertFresh, DIRECTORY_SECTION_CONTENT, meshEventFields, MeshHeaders, parseHopPath, parseMeshEvent } from '@cirtmesh/contracts';
import { addLogContext } from '@cirtmesh/logging';
import { PermanentMessageError, type IncomingMessage } from '@cirtmesh/messaging';
import { verifyAlertEvent, type Keyring } from '@cirtmesh/crypto';
import type { StoredAlert } from '@cirtmesh/contracts';
import type { AlertLog } from './alert-log';

/** A federation's directory as the node holds it: a section is verified, then applied when newer. */
export interface DirectoryUpdates {
  apply(section: unknown): { outcome: 'applied' | 'unchanged' };
}

/**
 * Stores what the node's hub delivered to it: alerts, and receipts, feedback and stored notices
 * for alerts it sent; in a federation, also applies the directory sections its hub passes on. Duplicates are
 * acknowledged and ignored.
 */
export class ReceiveDelivery {
  constructor(
    private readonly log: AlertLog,
    private readonly nodeId: string,
    private readonly keyring: () => Keyring,
    private readonly maxAgeMs: number,
    private readonly clock: () => Date = () => new Date(),
    private readonly directory?: DirectoryUpdates,
  ) {}

  /** Resolves to the alert stored, when the message was an alert this node did not hold yet. */
  async execute(message: IncomingMessage): Promise<StoredAlert | undefined> {
    if (message.header(MeshHeaders.content) === DIRECTORY_SECTION_CONTENT) {
      this.directorySection(message);
      return undefined;
    }
    // A payload that can never be valid, a bad signature and a stale alert throw permanent errors:
    // the transport terminates and records them.
    const parsed = parseMeshEvent(message.data);
    addLogContext(meshEventFields(parsed));
    if (parsed.kind === 'receipt') {
      if (parsed.event.data.origin !== this.nodeId) {
        throw new PermanentMessageError(
          'NOT_OUR_RECEIPT',
          `receipt ${parsed.event.id} is for ${parsed.event.data.origin}, not ${this.nodeId}`,
        );
      }
      await this.log.appendReceipt(parsed.event);
      return undefined;
    }
    if (parsed.kind === 'feedback') {
      if (parsed.event.data.origin !== this.nodeId) {
        throw new PermanentMessageError(
          'NOT_OUR_FEEDBACK',
          `feedback ${parsed.event.id} is for ${parsed.event.data.origin}, not ${this.nodeId}`,
        );
      }
      await this.log.appendFeedback(parsed.event, 'received');
      return undefined;
    }
    if (parsed.kind === 'stored') {
      if (parsed.event.data.origin !== this.nodeId) {
        throw new PermanentMessageError(
          'NOT_OUR_FEEDBACK',
          `stored notice ${parsed.event.id} is for ${parsed.event.data.origin}, not ${this.nodeId}`,
        );
      }
      await this.log.appendStored(parsed.event);
      return undefined;
    }
    const event = parsed.event;
    if (event.data.origin === this.nodeId) {
      throw new PermanentMessageError('OWN_ALERT', `alert ${event.id} originated here and must not come back`);
    }
    const provenance = verifyAlertEvent(event, this.keyring());
    assertFresh(event.data, this.clock(), this.maxAgeMs);
    return this.log.appendReceived(
      event,
      message.data,
      provenance,
      parseHopPath(message.header(MeshHeaders.hopPath)),
      message.header(MeshHeaders.traceparent),
    );
  }

  /** A directory section: refused (and recorded) when it does not verify or is older than the one held. */
  private directorySection(message: IncomingMessage): void {
    if (!this.directory) throw new PermanentMessageError('NOT_FEDERATED', 'a directory section came; this node reads a mesh file');
    let section: unknown;
    try {
      section = JSON.parse(Buffer.from(message.data).toString('utf8'));
    } catch {
      throw new PermanentMessageError('MALFORMED', 'a directory section that is not JSON');
    }
    try {
      this.directory.apply(section);
    } catch (error) {
      const { code = 'REFUSED', message: why } = error as { code?: string; message: string };
      throw new PermanentMessageError(code, `directory section refused: ${why}`);
    }
  }
}
