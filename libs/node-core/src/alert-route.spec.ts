import type { DeliveryOutcome, HandoffSummary, StoredAlert } from '@cirtmesh/contracts';
import { alertRoute } from './alert-route';

const ID = '0190f2a1-7c3e-7b2a-9d4e-1a2b3c4d5e6f';
const T0 = Date.parse('2026-12-02T10:00:00.000Z');
const at = (ms: number): string => new Date(T0 + ms).toISOString();

function sent(over: Partial<StoredAlert> = {}): StoredAlert {
  return {
    seq: 3,
    direction: 'sent',
    storedAt: at(4),
    via: [],
    alert: { id: ID, origin: 'ke', createdAt: at(0), title: 't', category: 'phishing', severity: 'high', tlp: 'CLEAR', scope: 'global' },
    ...over,
  };
}

const delivery = (recipient: string, hub: string, ms: number, outcome: DeliveryOutcome['outcome'] = 'delivered'): DeliveryOutcome => ({
  recipient,
  hub,
  outcome,
  reasons: outcome === 'refused' ? [{ code: 'tlp-not-named', text: 'not named' }] : [],
  decidedAt: at(ms),
  policy: 'v1',
});

const handoff = (hub: string, to: string, ms: number, outcome: HandoffSummary['outcome'] = 'delivered'): HandoffSummary => ({
  hub,
  to,
  outcome,
  reasons: [],
  decidedAt: at(ms),
  lane: 'bulk',
});

describe(alertRoute.name, () => {
  it('walks from the origin through each hub to each recipient, timing every hop and marking the slowest', () => {
    const route = alertRoute(
      sent({
        deliveries: [delivery('ng', 'africa', 10), delivery('jp', 'asia', 40), delivery('kr', 'asia', 40, 'refused')],
        handoffs: [handoff('africa', 'global', 10), handoff('global', 'asia', 25)],
        stored: [
          { node: 'jp', at: at(90) },
          { node: 'ng', at: at(20) },
        ],
      }),
      'ke',
    );
    expect(route.hops.map((h) => [h.party, h.role, h.depth, h.from, h.outcome, h.sinceCreationMs, h.hopMs])).toEqual([
      ['ke', 'origin', 0, undefined, undefined, 4, 4],
      ['africa', 'hub', 1, 'ke', undefined, 10, 6],
      ['ng', 'recipient', 2, 'africa', 'delivered', 20, 10],
      ['global', 'hub', 2, 'africa', 'delivered', 25, 15],
      ['asia', 'hub', 3, 'global', 'delivered', 40, 15],
      ['jp', 'recipient', 4, 'asia', 'delivered', 90, 50],
      ['kr', 'recipient', 4, 'asia', 'refused', undefined, undefined],
    ]);
    expect(route.slowest).toEqual({ party: 'jp', hopMs: 50 });
    expect(route.hops.filter((h) => h.slowest).map((h) => h.party)).toEqual(['jp']);
    expect(route.hops.find((h) => h.party === 'kr')?.reasons).toEqual([{ code: 'tlp-not-named', text: 'not named' }]);
  });

  it('shows what no receipt or notice has reported yet without a time', () => {
    const route = alertRoute(
      sent({
        deliveries: [delivery('ng', 'africa', 10)],
        handoffs: [handoff('africa', 'global', 10), handoff('global', 'asia', 25, 'refused')],
      }),
      'ke',
    );
    const by = Object.fromEntries(route.hops.map((h) => [h.party, h]));
    expect(by.ng.at).toBeUndefined();
    expect(by.asia).toMatchObject({ role: 'hub', outcome: 'refused', from: 'global' });
    expect(by.asia.at).toBeUndefined();
    expect(route.slowest).toEqual({ party: 'global', hopMs: 15 });
  });

  it('gives an alert with no receipt yet just its origin', () => {
    const route = alertRoute(sent(), 'ke');
    expect(route.hops).toEqual([{ party: 'ke', role: 'origin', depth: 0, at: at(4), sinceCreationMs: 4, hopMs: 4, slowest: true }]);
  });

  it('gives a received alert the hubs it crossed and its time to this node', () => {
    const route = alertRoute(sent({ direction: 'received', via: ['africa', 'global', 'asia'], storedAt: at(70) }), 'jp');
    expect(route.hops.map((h) => [h.party, h.role, h.from, h.at])).toEqual([
      ['ke', 'origin', undefined, undefined],
      ['africa', 'hub', 'ke', undefined],
      ['global', 'hub', 'africa', undefined],
      ['asia', 'hub', 'global', undefined],
      ['jp', 'recipient', 'asia', at(70)],
    ]);
    expect(route.slowest).toEqual({ party: 'jp', hopMs: 70 });
  });
});
