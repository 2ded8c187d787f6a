import type { AlertRoute, DeliveryOutcome, HandoffSummary, RouteHop, StoredAlert } from '@cirtmesh/contracts';

/**
 * A sent alert's route as its origin knows it: the origin's own store, each hub's decisions (from
 * the hubs' receipts), each recipient's store (from its stored notice), and the time each hop took.
 * A hub's time is when it decided; a recipient's when it stored the alert. What no receipt or
 * notice has reported yet is shown without a time.
 */
export function alertRoute(record: StoredAlert, self: string): AlertRoute {
  if (record.direction === 'received') return receivedRoute(record, self);
  const { alert } = record;
  const created = Date.parse(alert.createdAt);
  const deliveries = record.deliveries ?? [];
  const handoffs = record.handoffs ?? [];
  const storedBy = new Map((record.stored ?? []).map((s) => [s.node, s.at]));
  // A hub decided at one instant for every candidate of an alert: its earliest decision.
  const decidedBy = new Map<string, string>();
  for (const d of [
    ...deliveries.map((x) => ({ hub: x.hub, at: x.decidedAt })),
    ...handoffs.map((h) => ({ hub: h.hub, at: h.decidedAt })),
  ]) {
    const held = decidedBy.get(d.hub);
    if (!held || d.at < held) decidedBy.set(d.hub, d.at);
  }
  const handedTo = new Map(handoffs.map((h) => [h.to, h]));
  const hops: RouteHop[] = [];
  const timed = (hop: Omit<RouteHop, 'sinceCreationMs' | 'hopMs'>, parentAt: string | undefined): RouteHop => {
    if (hop.at === undefined) return hop;
    const at = Date.parse(hop.at);
    const since = Math.max(0, at - created);
    const before = parentAt === undefined ? undefined : Date.parse(parentAt);
    return { ...hop, sinceCreationMs: since, ...(before === undefined ? {} : { hopMs: Math.max(0, at - before) }) };
  };
  hops.push(timed({ party: alert.origin, role: 'origin', depth: 0, at: record.storedAt }, alert.createdAt));

  const visit = (hub: string, from: string, depth: number, parentAt: string | undefined, seen: Set<string>): void => {
    if (seen.has(hub)) return;
    seen.add(hub);
    const handoff = handedTo.get(hub);
    const at = decidedBy.get(hub);
    hops.push(timed({ party: hub, role: 'hub', from, depth, ...decision(handoff), ...(at ? { at } : {}) }, parentAt));
    for (const d of deliveries.filter((x) => x.hub === hub)) {
      const stored = d.outcome === 'delivered' ? storedBy.get(d.recipient) : undefined;
      hops.push(
        timed(
          { party: d.recipient, role: 'recipient', from: hub, depth: depth + 1, ...decision(d), ...(stored ? { at: stored } : {}) },
          at,
        ),
      );
    }
    for (const next of handoffs.filter((h) => h.hub === hub)) visit(next.to, hub, depth + 1, at, seen);
  };
  // The first hubs: those no other hub handed it to (the origin's own hub, in the usual mesh).
  const hubs = [...new Set([...decidedBy.keys(), ...handoffs.map((h) => h.to)])];
  const seen = new Set<string>();
  for (const hub of hubs.filter((h) => !handedTo.has(h)).sort()) visit(hub, alert.origin, 1, record.storedAt, seen);

  return withSlowest(record, hops);
}

/**
 * A received alert's route as this node knows it: the hubs it crossed (from the hop path), and
 * when it was stored here. The hubs' times are the origin's to know.
 */
function receivedRoute(record: StoredAlert, self: string): AlertRoute {
  const { alert } = record;
  const hops: RouteHop[] = [{ party: alert.origin, role: 'origin', depth: 0 }];
  record.via.forEach((hub, i) => hops.push({ party: hub, role: 'hub', from: i === 0 ? alert.origin : record.via[i - 1], depth: i + 1 }));
  const since = Math.max(0, Date.parse(record.storedAt) - Date.parse(alert.createdAt));
  hops.push({
    party: self,
    role: 'recipient',
    from: record.via.at(-1) ?? alert.origin,
    depth: record.via.length + 1,
    outcome: 'delivered',
    at: record.storedAt,
    sinceCreationMs: since,
    hopMs: since,
  });
  return withSlowest(record, hops);
}

function withSlowest(record: StoredAlert, hops: RouteHop[]): AlertRoute {
  let slowest: RouteHop | undefined;
  for (const hop of hops) if (hop.hopMs !== undefined && (!slowest || hop.hopMs > (slowest.hopMs ?? 0))) slowest = hop;
  if (slowest) slowest.slowest = true;
  const { alert } = record;
  return {
    alertId: alert.id,
    origin: alert.origin,
    createdAt: alert.createdAt,
    hops,
    slowest: slowest ? { party: slowest.party, hopMs: slowest.hopMs ?? 0 } : null,
  };
}

/** What the hub before decided for a party, as the route shows it. */
function decision(d: DeliveryOutcome | HandoffSummary | undefined): Pick<RouteHop, 'outcome' | 'reasons' | 'lane' | 'decidedAt'> {
  if (!d) return {};
  return {
    outcome: d.outcome,
    decidedAt: d.decidedAt,
    ...(d.reasons.length > 0 ? { reasons: d.reasons.map((r) => ({ code: r.code, text: r.text })) } : {}),
    ...(d.lane ? { lane: d.lane } : {}),
  };
}
