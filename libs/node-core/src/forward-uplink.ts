import { meshEventFields, MeshHeaders, parseMeshEvent, Subjects, type Alert, type Lane } from '@cirtmesh/contracts';
import { addLogContext } from '@cirtmesh/logging';
import { PermanentMessageError, publishDurable, type IncomingMessage } from '@cirtmesh/messaging';
import type { NatsConnection } from 'nats';

/**
 * Forwards an alert, or feedback on another node's alert, from the node's own log to its
 * regional hub's ingest stream. When the
 * uplink is down the publish fails and the message is retried: the node's stream is the backlog.
 */
export class ForwardUplink {
  constructor(
    private readonly nc: NatsConnection,
    private readonly nodeId: string,
    private readonly hub: string,
    private readonly hopLimit: number,
  ) {}

  /** Resolves to the lane it went in, and the alert when it was one (not feedback). */
  async execute(message: IncomingMessage): Promise<{ lane: Lane; alert?: Alert }> {
    const parsed = parseMeshEvent(message.data);
    addLogContext(meshEventFields(parsed));
    if (parsed.kind === 'receipt') throw new PermanentMessageError('NOT_OUTBOUND', `receipt ${parsed.event.id} has no business going up`);
    const id = parsed.kind === 'alert' ? parsed.event.id : `feedback:${parsed.event.id}`;
    // A critical alert goes on in the critical lane it came up in.
    const lane: Lane = message.subject === Subjects.nodeSentCritical(this.nodeId) ? 'critical' : 'bulk';
    await publishDurable(this.nc, Subjects.ingest(this.hub, this.nodeId, lane), message.data, {
      msgId: id,
      headers: {
        [MeshHeaders.traceparent]: message.header(MeshHeaders.traceparent),
        [MeshHeaders.hopLimit]: String(this.hopLimit),
      },
      timeoutMs: 5_000,
    });
    return parsed.kind === 'alert' ? { lane, alert: parsed.event.data } : { lane };
  }
}
