import fc from 'fast-check';
import { SCOPES, TLPS, type Scope, type Tlp } from '@cirtmesh/contracts';
import { BaselineTrustPolicy } from './baseline-policy';
import type { AlertFacts, TrustDirectory } from './trust-policy';

const regions: Record<string, string> = { ke: 'africa', ng: 'africa', za: 'africa', jp: 'asia-pacific', my: 'asia-pacific' };
const directory: TrustDirectory = { regionOf: (n) => regions[n] };
const policy = new BaselineTrustPolicy();
const facts = (overrides: Partial<AlertFacts>): AlertFacts => ({ id: 'a', origin: 'ke', tlp: 'GREEN', scope: 'regional', ...overrides });
const node = (id: string) => ({ kind: 'node' as const, id });
const up = { kind: 'hub' as const, id: 'global', reach: ['asia-pacific'] };

describe(BaselineTrustPolicy.name, () => {
  it('delivers GREEN regional within the region only', () => {
    expect(policy.decide(facts({}), node('ng'), directory).verdict).toBe('deliver');
    expect(policy.decide(facts({}), node('jp'), directory).reasons[0].code).toBe('out-of-scope');
    expect(policy.decide(facts({}), up, directory).reasons[0].code).toBe('scope-not-global');
  });

  it('sends CLEAR global up to the global tier', () => {
    expect(policy.decide(facts({ tlp: 'CLEAR', scope: 'global' }), up, directory).verdict).toBe('deliver');
  });

  it('sends AMBER up only when a named recipient lies beyond', () => {
    expect(policy.decide(facts({ tlp: 'AMBER', scope: 'global', recipients: ['jp'] }), up, directory).verdict).toBe('deliver');
    expect(policy.decide(facts({ tlp: 'AMBER', scope: 'global', recipients: ['ng'] }), up, directory).reasons[0].code).toBe(
      'no-recipient-beyond',
    );
  });

  it('narrows GREEN to the named recipients when a list is given', () => {
    const alert = facts({ recipients: ['za'] });
    expect(policy.decide(alert, node('za'), directory).verdict).toBe('deliver');
    expect(policy.decide(alert, node('ng'), directory).reasons[0].code).toBe('not-in-recipients');
  });

  it('refuses unknown recipients and the origin itself', () => {
    expect(policy.decide(facts({}), node('xx'), directory).reasons[0].code).toBe('unknown-recipient');
    expect(policy.decide(facts({}), node('ke'), directory).reasons[0].code).toBe('own-alert');
  });

  const alerts = fc.record({
    id: fc.constant('a'),
    origin: fc.constantFrom(...Object.keys(regions)),
    tlp: fc.constantFrom<Tlp>(...TLPS),
    scope: fc.constantFrom<Scope>(...SCOPES),
    recipients: fc.option(fc.uniqueArray(fc.constantFrom(...Object.keys(regions), 'xx'), { maxLength: 4 }), { nil: undefined }),
  });
  const candidates = fc.constantFrom(...Object.keys(regions), 'xx');

  it('never delivers AMBER, AMBER+STRICT or RED to a node that is not named', () => {
    fc.assert(
      fc.property(alerts, candidates, (alert, candidate) => {
        const d = policy.decide(alert, node(candidate), directory);
        const restricted = alert.tlp !== 'CLEAR' && alert.tlp !== 'GREEN';
        return !(restricted && d.verdict === 'deliver' && !(alert.recipients ?? []).includes(candidate));
      }),
    );
  });

  it('never delivers outside scope, nor back to the origin', () => {
    fc.assert(
      fc.property(alerts, candidates, (alert, candidate) => {
        const d = policy.decide(alert, node(candidate), directory);
        if (d.verdict !== 'deliver') return true;
        if (candidate === alert.origin || alert.scope === 'national') return false;
        return alert.scope === 'global' || regions[candidate] === regions[alert.origin];
      }),
    );
  });

  it('gives every decision at least one reason, with a code and a sentence, and is deterministic', () => {
    fc.assert(
      fc.property(alerts, candidates, (alert, candidate) => {
        const d = policy.decide(alert, node(candidate), directory);
        const again = policy.decide(alert, node(candidate), directory);
        return (
          d.reasons.length > 0 &&
          d.reasons.every((r) => /^[a-z-]+$/.test(r.code) && r.text.length > 10) &&
          JSON.stringify(d) === JSON.stringify(again)
        );
      }),
    );
  });
});
