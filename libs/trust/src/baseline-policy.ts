import { isRestrictedTlp, type Reason } from '@cirtmesh/contracts';
import type { AlertFacts, Candidate, Decision, TrustDirectory, TrustPolicy } from './trust-policy';

/**
 * The baseline rules of the mesh:
 * - scope `national` never leaves the origin node; `regional` stays in the origin's region;
 *   `global` may reach every region.
 * - CLEAR and GREEN reach everyone in scope; a `recipients` list narrows them to those named.
 * - AMBER, AMBER+STRICT and RED reach only the named recipients, and only within scope.
 * - The origin never receives its own alert back.
 */
export class BaselineTrustPolicy implements TrustPolicy {
  readonly version = 'baseline-1';

  decide(alert: AlertFacts, candidate: Candidate, directory: TrustDirectory): Decision {
    const reasons = candidate.kind === 'node' ? this.forNode(alert, candidate.id, directory) : this.forHub(alert, candidate, directory);
    return { verdict: reasons.refuse ? 'refuse' : 'deliver', reasons: reasons.list, policy: this.version };
  }

  private forNode(alert: AlertFacts, node: string, directory: TrustDirectory): { refuse: boolean; list: Reason[] } {
    if (node === alert.origin) return refuse('own-alert', `${node} is the origin; an alert never returns to its origin`);
    if (alert.scope === 'national') return refuse('scope-national', 'scope national keeps the alert at its origin node');
    const region = directory.regionOf(node);
    if (region === undefined) return refuse('unknown-recipient', `${node} is not a node of this mesh`);
    const originRegion = directory.regionOf(alert.origin);
    if (alert.scope === 'regional' && region !== originRegion) {
      return refuse('out-of-scope', `${node} is in region ${region}; scope regional reaches only region ${originRegion ?? 'unknown'}`);
    }
    const named = alert.recipients?.includes(node) ?? false;
    if (isRestrictedTlp(alert.tlp)) {
      return named
        ? allow('tlp-named', `TLP:${alert.tlp} and ${node} is a named recipient`)
        : refuse('tlp-not-named', `TLP:${alert.tlp} goes only to named recipients and ${node} is not named`);
    }
    if (alert.recipients && !named) {
      return refuse('not-in-recipients', `the alert names its recipients and ${node} is not one of them`);
    }
    return allow('tlp-in-scope', `TLP:${alert.tlp} reaches everyone within scope ${alert.scope}`);
  }

  private forHub(
    alert: AlertFacts,
    hub: Extract<Candidate, { kind: 'hub' }>,
    directory: TrustDirectory,
  ): { refuse: boolean; list: Reason[] } {
    if (alert.scope !== 'global') {
      return refuse('scope-not-global', `scope ${alert.scope} does not leave the origin's region, so nothing goes to hub ${hub.id}`);
    }
    const named = alert.recipients;
    if (named === undefined && !isRestrictedTlp(alert.tlp)) {
      return allow('tlp-in-scope', `TLP:${alert.tlp} with scope global reaches every region, including via ${hub.id}`);
    }
    const behind = (named ?? []).filter((n) => {
      const region = directory.regionOf(n);
      return region !== undefined && hub.reach.includes(region);
    });
    return behind.length > 0
      ? allow('recipient-beyond', `named recipient(s) ${behind.join(', ')} are reached via hub ${hub.id}`)
      : refuse('no-recipient-beyond', `no named recipient is reached via hub ${hub.id}`);
  }
}

function allow(code: string, text: string): { refuse: boolean; list: Reason[] } {
  return { refuse: false, list: [{ code, text }] };
}

function refuse(code: string, text: string): { refuse: boolean; list: Reason[] } {
  return { refuse: true, list: [{ code, text }] };
}
