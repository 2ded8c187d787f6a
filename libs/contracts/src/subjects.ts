/**
 * Every subject and stream name the mesh uses. Each nats-server is its own JetStream domain,
 * so stream names repeat across servers while subjects name the hub and the member.
 */
export const Streams = {
  /** On a hub's server: what members send up (work queue, removed once the hub has decided). */
  ingest: 'INGEST',
  /** On a hub's server: what the hub delivers to each member (work queue, one consumer per member). */
  deliver: 'DELIVER',
  /** On a hub's server: every sharing decision, metadata only. */
  decisions: 'DECISIONS',
  /** On a node's server: every alert the node sent or received, in one order (the log of record). */
  alerts: 'ALERTS',
  /** On a hub's server: deliveries held back by an embargo until it lifts (work queue). */
  deferred: 'DEFERRED',
} as const;

/**
 * Alerts of severity `critical` travel in a lane of their own at every hop: their own subjects,
 * consumers and workers, so a backlog of bulk alerts never sits in front of them. Receipts,
 * feedback and embargoed deliveries travel in the bulk lane.
 */
export type Lane = 'bulk' | 'critical';

export const Subjects = {
  ingest: (hub: string, sender: string, lane: Lane = 'bulk'): string => `mesh.${laneWord('ingest', lane)}.${hub}.${sender}`,
  ingestAll: (hub: string, lane: Lane = 'bulk'): string => `mesh.${laneWord('ingest', lane)}.${hub}.*`,
  deliver: (hub: string, member: string, lane: Lane = 'bulk'): string => `mesh.${laneWord('deliver', lane)}.${hub}.${member}`,
  deliverAll: (hub: string, lane: Lane = 'bulk'): string => `mesh.${laneWord('deliver', lane)}.${hub}.*`,
  decision: (hub: string): string => `mesh.decision.${hub}`,
  /** A delivery to `member` held back by an embargo. */
  deferred: (hub: string, member: string): string => `mesh.deferred.${hub}.${member}`,
  deferredAll: (hub: string): string => `mesh.deferred.${hub}.*`,
  nodeSentLocal: (node: string): string => `node.${node}.sent.local`,
  nodeSentMesh: (node: string): string => `node.${node}.sent.mesh`,
  /** This node's critical alerts on their way to the mesh: the uplink's critical lane. */
  nodeSentCritical: (node: string): string => `node.${node}.sent.critical`,
  nodeReceived: (node: string): string => `node.${node}.received`,
  nodeReceipts: (node: string): string => `node.${node}.receipts`,
  /** Feedback (acks, sightings) other nodes sent about this node's alerts. */
  nodeFeedback: (node: string): string => `node.${node}.feedback`,
  nodeAll: (node: string): string => `node.${node}.>`,
  /** A hub's own state, published to its members every few seconds (core NATS, not stored). */
  hubState: (hub: string): string => `mesh.state.${hub}`,
  /** Reply subjects of a party's own connections; the only inbox it may receive on from its hub. */
  inboxPrefix: (party: string): string => `_INBOX_${party}`,
} as const;

function laneWord(word: string, lane: Lane): string {
  return lane === 'critical' ? `${word}-critical` : word;
}

/**
 * A durable consumer's name in a lane: as it is for bulk, with `_critical` for the critical lane
 * (`_` is in no party id, so no member's name can take another's).
 */
export const laneConsumer = (name: string, lane: Lane): string => (lane === 'critical' ? `${name}_critical` : name);
export const LANES: readonly Lane[] = ['bulk', 'critical'];

/** The durable consumer a hub keeps for one member on its DELIVER stream, in each lane. */
export const deliverConsumer = (member: string, lane: Lane = 'bulk'): string => laneConsumer(member, lane);
/** The durable consumer a hub reads its INGEST stream with. */
export const INGEST_CONSUMER = 'hub';
/** The durable consumer a hub releases embargoed deliveries with. */
export const DEFERRED_CONSUMER = 'release';
/** The durable consumer a node forwards its outbound alerts with. */
export const UPLINK_CONSUMER = 'uplink';
/** The durable consumer a node reports what it stored with, back to each alert's origin. */
export const STORED_CONSUMER = 'stored';

/** The member a deferred subject holds a delivery for, or undefined if it is not one of this hub's. */
export function memberOfDeferred(hub: string, subject: string): string | undefined {
  const prefix = `mesh.deferred.${hub}.`;
  if (!subject.startsWith(prefix)) return undefined;
  const member = subject.slice(prefix.length);
  return member.length > 0 && !member.includes('.') ? member : undefined;
}

/** Parses the sender out of an ingest subject of either lane, or undefined if it is not one of this hub's. */
export function senderOfIngest(hub: string, subject: string): string | undefined {
  for (const lane of LANES) {
    const prefix = `mesh.${laneWord('ingest', lane)}.${hub}.`;
    if (!subject.startsWith(prefix)) continue;
    const sender = subject.slice(prefix.length);
    return sender.length > 0 && !sender.includes('.') ? sender : undefined;
  }
  return undefined;
}

/** The lane a mesh subject (ingest or delivery) belongs to. */
export function laneOfSubject(subject: string): Lane {
  const word = subject.split('.', 2)[1];
  return word === laneWord('ingest', 'critical') || word === laneWord('deliver', 'critical') ? 'critical' : 'bulk';
}
