import type { AlertArchive } from '@cirtmesh/archive';
import {
  InvalidAlertEventError,
  MeshHeaders,
  parseHopPath,
  parseMeshEvent,
  Streams,
  Subjects,
  type Direction,
  type HandoffSummary,
  type ReceiptEvent,
} from '@cirtmesh/contracts';
import { verifyAlertEvent, type Keyring, type Provenance } from '@cirtmesh/crypto';
import { replayStream } from '@cirtmesh/messaging';
import type { JsMsg, NatsConnection } from 'nats';
import { storedAlert } from './stored-alert';

export interface RebuildResult {
  restored: number;
  /** Stream sequences of records that could not be read back. */
  unreadable: number[];
  /** The last position the stream no longer holds (its own limits dropped it). */
  floor: number;
}

/**
 * Rebuilds the archive from the node's ALERTS stream at start: alerts sent and received,
 * receipts, and feedback both ways. A record this version cannot read stays in the log untouched,
 * and the node still starts.
 */
export async function rebuildArchive(
  nc: NatsConnection,
  nodeId: string,
  archive: AlertArchive,
  keyring: Keyring,
  imported: (key: string, alertId: string) => void = () => undefined,
): Promise<RebuildResult> {
  let restored = 0;
  const unreadable: number[] = [];
  const { floor } = await replayStream(
    nc,
    Streams.alerts,
    async (msg) => {
      try {
        if (await restore(msg, nodeId, archive, keyring)) restored += 1;
        const key = msg.headers?.get(MeshHeaders.importKey);
        if (key) imported(key, parseMeshEvent(msg.data).event.id);
      } catch (error) {
        if (!(error instanceof InvalidAlertEventError)) throw error;
        unreadable.push(msg.seq);
      }
    },
    256,
  );
  return { restored, unreadable, floor };
}

async function restore(msg: JsMsg, nodeId: string, archive: AlertArchive, keyring: Keyring): Promise<boolean> {
  const parsed = parseMeshEvent(msg.data);
  if (parsed.kind === 'receipt')
    await archive.addDeliveries(parsed.event.data.alertId, parsed.event.data.outcomes, handoffsOf(parsed.event));
  if (parsed.kind === 'feedback') await archive.addFeedback(parsed.event.id, parsed.event.data);
  if (parsed.kind === 'stored') await archive.addStored(parsed.event.data.from, parsed.event.data.alerts);
  if (parsed.kind !== 'alert') return false;
  const direction: Direction = msg.subject === Subjects.nodeReceived(nodeId) ? 'received' : 'sent';
  const event = parsed.event;
  const via = parseHopPath(msg.headers?.get(MeshHeaders.hopPath));
  const storedAt = new Date(msg.info.timestampNanos / 1_000_000).toISOString();
  let provenance: Provenance | undefined;
  if (direction === 'received') {
    try {
      provenance = verifyAlertEvent(event, keyring);
    } catch {
      provenance = undefined; // it verified on arrival; a key revoked since does not unmake that
    }
  }
  const traceparent = msg.headers?.get(MeshHeaders.traceparent) || undefined;
  return archive.add(storedAlert(msg.seq, direction, storedAt, via, event.data, provenance, traceparent));
}

/** A receipt's hand-offs as the origin keeps them, each naming the hub that made it. */
export function handoffsOf(receipt: ReceiptEvent): HandoffSummary[] {
  return (receipt.data.handoffs ?? []).map((h) => ({ ...h, hub: receipt.data.hub }));
}
