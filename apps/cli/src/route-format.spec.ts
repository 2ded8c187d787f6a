import type { AlertRoute } from '@cirtmesh/client';
import { paintFor } from './operator-format';
import { formatRoute } from './route-format';

const route: AlertRoute = {
  alertId: '0190f2a1-7c3e-7b2a-9d4e-1a2b3c4d5e6f',
  origin: 'ke',
  createdAt: '2026-12-02T10:00:00.000Z',
  hops: [
    { party: 'ke', role: 'origin', depth: 0, at: '2026-12-02T10:00:00.004Z', sinceCreationMs: 4, hopMs: 4 },
    { party: 'africa', role: 'hub', depth: 1, from: 'ke', at: '2026-12-02T10:00:00.010Z', sinceCreationMs: 10, hopMs: 6 },
    {
      party: 'jp',
      role: 'recipient',
      depth: 2,
      from: 'africa',
      outcome: 'delivered',
      lane: 'bulk',
      at: '2026-12-02T10:00:00.090Z',
      sinceCreationMs: 90,
      hopMs: 80,
      slowest: true,
    },
    {
      party: 'kr',
      role: 'recipient',
      depth: 2,
      from: 'africa',
      outcome: 'refused',
      reasons: [{ code: 'tlp-not-named', text: 'not named\u001b[31m' }],
    },
  ],
  slowest: { party: 'jp', hopMs: 80 },
};

describe(formatRoute.name, () => {
  it('prints the route as an indented tree with each hop time, the slowest marked and refusals explained', () => {
    const lines = formatRoute(route).split('\n');
    expect(lines[0]).toBe('alert 0190f2a1-7c3e-7b2a-9d4e-1a2b3c4d5e6f from ke, created 2026-12-02 10:00:00Z');
    const row = (party: string): string => lines.find((l) => l.trimStart().startsWith(`${party} `)) ?? '';
    expect(row('ke')).toMatch(/^ke\s+origin\s+stored \(origin\)\s+\+4 ms\s+4 ms$/);
    expect(row('africa')).toMatch(/^ {2}africa\s+hub\s+decided\s+\+10 ms\s+6 ms$/);
    expect(row('jp')).toMatch(/^ {4}jp\s+recipient\s+delivered, stored\s+bulk\s+\+90 ms\s+80 ms\s+◀ slowest hop$/);
    expect(row('kr')).toMatch(/^ {4}kr\s+recipient\s+refused\s+—\s+—\s+tlp-not-named: not named\uFFFD\[31m$/);
    expect(lines.at(-1)).toBe('slowest hop: to jp, 80 ms');
  });

  it('colours outcomes only when colour is on, and says when no hop time is known', () => {
    expect(formatRoute(route, paintFor(true))).toContain('\u001b[');
    expect(formatRoute(route)).not.toContain('\u001b');
    expect(formatRoute({ ...route, hops: [route.hops[0]], slowest: null })).toContain('no hop time is known yet');
  });
});
