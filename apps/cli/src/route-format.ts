import type { AlertRoute, RouteHop } from '@cirtmesh/client';
import { shortTime, table } from './operator-format';
import { clean, plain, type Paint } from './terminal';

const OUTCOME_STYLE = { delivered: 'green', refused: 'red', deferred: 'yellow' } as const;

function ms(value: number | undefined): string {
  return value === undefined ? '—' : `${value} ms`;
}

/** What the step to a party came to, in a few words. */
function what(hop: RouteHop): string {
  if (hop.role === 'origin') return hop.at ? 'stored (origin)' : 'origin';
  const outcome = hop.outcome ?? 'no receipt yet';
  if (hop.role === 'hub') return hop.outcome === 'delivered' || hop.outcome === undefined ? (hop.at ? 'decided' : outcome) : outcome;
  if (hop.outcome !== 'delivered') return outcome;
  return hop.at ? 'delivered, stored' : 'delivered, not reported stored yet';
}

/**
 * `cirtmesh trace`: the alert's route as a tree, one party a line, with the time of each hop
 * from creation and the hop's own time; the slowest hop is marked, and refusals and deferrals give their reasons.
 */
export function formatRoute(route: AlertRoute, paint: Paint = plain): string {
  const rows = route.hops.map((hop) => {
    const party = `${'  '.repeat(hop.depth)}${clean(hop.party)}`;
    const outcome = hop.outcome ? paint(OUTCOME_STYLE[hop.outcome], what(hop)) : what(hop);
    // Why it went is in --json; why it did not is on the line.
    const why = hop.outcome === 'refused' || hop.outcome === 'deferred' ? (hop.reasons ?? []) : [];
    const reasons = why.map((r) => `${clean(r.code)}: ${clean(r.text)}`).join('; ');
    const mark = hop.slowest ? paint(['bold', 'yellow'], '◀ slowest hop') : '';
    return [
      party,
      hop.role,
      outcome,
      hop.lane ?? '',
      hop.sinceCreationMs === undefined ? '—' : `+${hop.sinceCreationMs} ms`,
      ms(hop.hopMs),
      [mark, reasons].filter((x) => x.length > 0).join('  '),
    ];
  });
  const head = `alert ${route.alertId} from ${clean(route.origin)}, created ${shortTime(route.createdAt)}`;
  const slowest = route.slowest ? `slowest hop: to ${clean(route.slowest.party)}, ${route.slowest.hopMs} ms` : 'no hop time is known yet';
  return [head, '', table(['party', 'role', 'outcome', 'lane', 'since created', 'hop', ''], rows), '', slowest].join('\n');
}
