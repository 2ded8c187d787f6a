import { meshEventFields, parseMeshEvent, senderOfIngest, type MeshEvent } from '@cirtmesh/contracts';
import { addLogContext } from '@cirtmesh/logging';
import { PermanentMessageError, type IncomingMessage } from '@cirtmesh/messaging';
import type { ArrivedFrom, HubView } from './hub-view';

/**
 * Who sent a message to this hub, and what it is. The sender is the broker's word, not the
 * message's: a member can publish only on its own ingest subject; from above, it is the parent.
 */
export function readHubMessage(hub: HubView, message: IncomingMessage, from: ArrivedFrom): { sender: string; event: MeshEvent } {
  const sender = senderOf(hub, message, from);
  const event = parseMeshEvent(message.data);
  addLogContext(meshEventFields(event));
  return { sender, event };
}

/** The party that published a message, as the broker's subjects say. */
export function senderOf(hub: HubView, message: IncomingMessage, from: ArrivedFrom): string {
  const sender = from === 'below' ? senderOfIngest(hub.id, message.subject) : hub.parent;
  if (!sender) throw new PermanentMessageError('UNKNOWN_SENDER', `subject ${message.subject} names no sender`);
  return sender;
}
