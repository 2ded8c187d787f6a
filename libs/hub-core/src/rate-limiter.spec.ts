import { compilePolicy, openPolicy, TrustEngine } from '@cirtmesh/trust';
import { CriticalLaneCap } from './rate-limiter';

const members = [
  { id: 'ke', kind: 'national' as const },
  { id: 'ng', kind: 'national' as const },
];
const open = new TrustEngine(openPolicy('africa', members));
const now = new Date('2026-12-02T06:00:00Z');
const critical = { origin: 'ke', severity: 'critical' };

describe(CriticalLaneCap.name, () => {
  it('keeps a critical alert in the critical lane up to the default cap of 60, then moves it to bulk and says why', () => {
    const cap = new CriticalLaneCap();
    const lanes = Array.from({ length: 61 }, () => cap.laneFor(open, critical, 'critical', now));
    expect(lanes.slice(0, 60).every((l) => l.lane === 'critical' && l.demoted === undefined)).toBe(true);
    expect(lanes[60]).toEqual({
      lane: 'bulk',
      demoted: { code: 'critical-lane-capped', text: expect.stringContaining('60 a minute') as string },
    });
    // Another origin has its own cap; a second later, one more fits.
    expect(cap.laneFor(open, { origin: 'ng', severity: 'critical' }, 'critical', now).lane).toBe('critical');
    expect(cap.laneFor(open, critical, 'critical', new Date(now.getTime() + 1_000)).lane).toBe('critical');
  });

  it('puts in the bulk lane what is not critical, and what arrived in the bulk lane', () => {
    const cap = new CriticalLaneCap();
    expect(cap.laneFor(open, { origin: 'ke', severity: 'high' }, 'critical', now)).toEqual({ lane: 'bulk' });
    expect(cap.laneFor(open, critical, 'bulk', now)).toEqual({ lane: 'bulk' });
  });

  it("follows the policy's criticalLane", () => {
    const policy = compilePolicy(
      {
        hub: 'africa',
        criticalLane: { burst: 2, perMinute: 2 },
        tiers: { default: { maxTlp: 'RED' } },
        members: members.map((m) => ({ ...m, tier: 'default' })),
      },
      'test policy',
    );
    const cap = new CriticalLaneCap();
    const engine = new TrustEngine(policy);
    expect([1, 2, 3].map(() => cap.laneFor(engine, critical, 'critical', now).lane)).toEqual(['critical', 'critical', 'bulk']);
  });
});
