import { CATEGORIES, SCOPES, TLPS, type Alert, type Category, type Scope, type Tlp } from '@cirtmesh/contracts';
import fc from 'fast-check';
import { TrustEngine } from './engine';
import { compilePolicy, PolicyError, tlpRank } from './policy';
import { redactAlert } from './redact';
import { checkOutbound, combine, type NodePolicy } from './node-policy';
import type { AlertFacts } from './trust-policy';

const NODES = ['ke', 'ng', 'za', 'jp', 'my', 'id', 'fr', 'br'];
const REGIONS: Record<string, string> = { ke: 'af', ng: 'af', za: 'af', jp: 'ap', my: 'ap', id: 'ap', fr: 'eu', br: 'am' };
const directory = { regionOf: (n: string) => REGIONS[n] };
const now = new Date('2026-11-22T12:00:00Z');
const node = (id: string) => ({ kind: 'node' as const, id, direct: true });

const demoPolicy = compilePolicy({
  hub: 'af',
  tiers: {
    national: { maxTlp: 'RED' },
    sector: { maxTlp: 'GREEN', redaction: 'privacy', embargo: '10m' },
    hub: { maxTlp: 'RED' },
  },
  redaction: { privacy: { mask: { email: 'email-local', ipv4: 'truncate-24' }, drop: ['references'] } },
  members: [
    { id: 'ke', kind: 'national', tier: 'national' },
    { id: 'ng', kind: 'national', tier: 'national' },
    { id: 'za', kind: 'sector', tier: 'sector' },
    { id: 'global', kind: 'hub', tier: 'hub' },
  ],
  groups: { 'mou-ke-jp': { members: ['ke', 'jp'] } },
  rules: [{ id: 'energy-national', when: { sectors: ['energy'] }, only: { tiers: ['national'] } }],
});
const engine = new TrustEngine(demoPolicy);
const facts = (overrides: Partial<AlertFacts> = {}): AlertFacts => ({
  id: 'a',
  origin: 'ke',
  tlp: 'GREEN',
  scope: 'regional',
  category: 'phishing',
  createdAt: '2026-11-22T11:00:00Z',
  ...overrides,
});

describe(TrustEngine.name, () => {
  it('delivers GREEN within the region and refuses beyond a regional scope', () => {
    expect(engine.decide(facts(), node('ng'), directory, now).verdict).toBe('deliver');
    expect(engine.decide(facts(), { kind: 'node', id: 'jp', direct: false }, directory, now).reasons[0].code).toBe('out-of-scope');
  });

  it('resolves sharing groups for AMBER', () => {
    const amber = facts({ tlp: 'AMBER', scope: 'global', groups: ['mou-ke-jp'] });
    expect(engine.decide(amber, node('ng'), directory, now).reasons[0].code).toBe('tlp-not-named');
    expect(engine.decide(amber, { kind: 'hub', id: 'global', reach: ['ap', 'eu', 'am'] }, directory, now).verdict).toBe('deliver');
  });

  it('caps TLP by tier and lists every deny', () => {
    const d = engine.decide(facts({ tlp: 'AMBER', recipients: ['za'], sectors: ['energy'] }), node('za'), directory, now);
    expect(d.verdict).toBe('refuse');
    expect(d.reasons.map((r) => r.code)).toEqual(['tier-tlp-ceiling', 'rule:energy-national']);
  });

  it('lets a rule lift tier category filters for what it matches, and nothing else', () => {
    const policy = compilePolicy({
      hub: 'af',
      tiers: { academic: { maxTlp: 'GREEN', categories: { allow: ['malware'] } } },
      members: [{ id: 'ng', kind: 'academic', tier: 'academic' }],
      rules: [{ id: 'spam-global-every-tier', when: { category: ['spam'], scope: ['global'] }, lift: 'tier-categories' }],
    });
    const lifted = new TrustEngine(policy);
    expect(lifted.decide(facts({ category: 'spam', scope: 'global' }), node('ng'), directory, now)).toMatchObject({
      verdict: 'deliver',
      reasons: expect.arrayContaining([expect.objectContaining({ code: 'rule:spam-global-every-tier' })]),
    });
    expect(lifted.decide(facts({ category: 'spam', scope: 'regional' }), node('ng'), directory, now).reasons[0].code).toBe('tier-category');
    expect(
      lifted.decide(facts({ category: 'spam', scope: 'global', tlp: 'AMBER', recipients: ['ng'] }), node('ng'), directory, now).reasons[0]
        .code,
    ).toBe('tier-tlp-ceiling');
    expect(() => compilePolicy({ hub: 'x', tiers: {}, members: [], rules: [{ id: 'r', when: {} }] })).toThrow(/exactly one of "only"/);
  });

  it('defers a tier embargo and names when it lifts', () => {
    const d = engine.decide(facts({ createdAt: '2026-11-22T11:55:00Z' }), node('za'), directory, now);
    expect(d).toMatchObject({ verdict: 'defer', notBefore: '2026-11-22T12:05:00.000Z', redaction: 'privacy' });
  });

  it('refuses what the policy does not list', () => {
    expect(engine.decide(facts(), node('my'), directory, now).reasons.map((r) => r.code)).toEqual(['out-of-scope', 'not-in-policy']);
  });

  it('names the file path and key of every problem in a policy', () => {
    try {
      compilePolicy(
        { hub: 'af', tiers: { t: { maxTlp: 'PURPLE', redaction: 'nope' } }, members: [{ id: 'ke', kind: 'alien', tier: 'x' }] },
        'af.yaml',
      );
      throw new Error('expected a PolicyError');
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyError);
      const problems = (error as PolicyError).problems.join('\n');
      expect(problems).toMatch(/tiers\.t\.maxTlp/);
      expect(problems).toMatch(/tiers\.t\.redaction: no redaction profile named nope/);
      expect(problems).toMatch(/members\.0\.kind/);
      expect(problems).toMatch(/members\.0\.tier: no tier named x/);
      expect((error as Error).message).toMatch(/^af\.yaml: invalid policy/);
    }
  });

  it('gives the same version to the same policy written differently', () => {
    const a = compilePolicy({ hub: 'x', tiers: { t: { maxTlp: 'RED' } }, members: [] });
    const b = compilePolicy({ members: [], tiers: { t: { maxTlp: 'RED' } }, hub: 'x' });
    const c = compilePolicy({ hub: 'x', tiers: { t: { maxTlp: 'AMBER' } }, members: [] });
    expect(a.version).toBe(b.version);
    expect(a.version).not.toBe(c.version);
  });
});

// ---- Properties over random policies, topologies and alerts ----

const tlp = fc.constantFrom<Tlp>(...TLPS);
const someNodes = fc.uniqueArray(fc.constantFrom(...NODES), { maxLength: 4 });

const policyArb = fc
  .record({
    tierCeilings: fc.array(tlp, { minLength: 1, maxLength: 3 }),
    members: fc.uniqueArray(fc.constantFrom(...NODES), { minLength: 1 }),
    tierOf: fc.array(fc.nat(2), { minLength: NODES.length, maxLength: NODES.length }),
    groups: fc.array(someNodes, { maxLength: 3 }),
    community: fc.constantFrom<'mesh' | 'region'>('mesh', 'region'),
    denyCategory: fc.option(fc.constantFrom<Category>(...CATEGORIES), { nil: undefined }),
    ruleTier: fc.option(fc.nat(2), { nil: undefined }),
    mask: fc.boolean(),
  })
  .map((p) => {
    const tiers = Object.fromEntries(
      p.tierCeilings.map((maxTlp, i) => [
        `t${i}`,
        {
          maxTlp,
          redaction: p.mask && i === 0 ? 'privacy' : undefined,
          categories: p.denyCategory && i === 1 ? { deny: [p.denyCategory] } : undefined,
        },
      ]),
    );
    return compilePolicy({
      hub: 'h',
      community: p.community,
      tiers,
      redaction: { privacy: { mask: { email: 'email-local', ipv4: 'truncate-24', domain: 'remove' } } },
      members: p.members.map((id, i) => ({ id, kind: 'national', tier: `t${p.tierOf[i] % p.tierCeilings.length}` })),
      groups: Object.fromEntries(p.groups.filter((g) => g.length > 0).map((members, i) => [`g${i}`, { members }])),
      rules:
        p.ruleTier === undefined
          ? []
          : [{ id: 'r', when: { category: ['spam'] }, only: { tiers: [`t${p.ruleTier % p.tierCeilings.length}`] } }],
    });
  });

const alertArb = fc.record({
  id: fc.constant('a'),
  origin: fc.constantFrom(...NODES),
  tlp,
  scope: fc.constantFrom<Scope>(...SCOPES),
  category: fc.constantFrom<Category>(...CATEGORIES),
  createdAt: fc.constant('2026-11-22T11:00:00Z'),
  recipients: fc.option(someNodes, { nil: undefined }),
  groups: fc.option(fc.uniqueArray(fc.constantFrom('g0', 'g1', 'g2', 'nope'), { maxLength: 2 }), { nil: undefined }),
});
const candidateArb = fc.record({ id: fc.constantFrom(...NODES), direct: fc.boolean() }).map((c) => ({ kind: 'node' as const, ...c }));

describe('TrustEngine invariants', () => {
  it('never lets AMBER, AMBER+STRICT or RED reach a node not named directly or through a group', () => {
    fc.assert(
      fc.property(policyArb, alertArb, candidateArb, (policy, alert, candidate) => {
        const d = new TrustEngine(policy).decide(alert, candidate, directory, now);
        if (d.verdict === 'refuse' || alert.tlp === 'CLEAR' || alert.tlp === 'GREEN') return true;
        const viaGroups = (alert.groups ?? []).some((g) => policy.groups.get(g)?.has(candidate.id));
        return (alert.recipients ?? []).includes(candidate.id) || viaGroups;
      }),
    );
  });

  it('never delivers beyond scope, nor to the origin', () => {
    fc.assert(
      fc.property(policyArb, alertArb, candidateArb, (policy, alert, candidate) => {
        const d = new TrustEngine(policy).decide(alert, candidate, directory, now);
        if (d.verdict === 'refuse') return true;
        if (candidate.id === alert.origin || alert.scope === 'national') return false;
        return alert.scope === 'global' || REGIONS[candidate.id] === REGIONS[alert.origin];
      }),
    );
  });

  it("never exceeds a member's tier ceiling, and never delivers to a direct candidate the policy does not list", () => {
    fc.assert(
      fc.property(policyArb, alertArb, candidateArb, (policy, alert, candidate) => {
        const d = new TrustEngine(policy).decide(alert, candidate, directory, now);
        if (d.verdict === 'refuse' || !candidate.direct) return true;
        const member = policy.members.get(candidate.id);
        return member !== undefined && tlpRank(alert.tlp) <= member.tier.maxRank;
      }),
    );
  });

  it('gives every decision a reason, and the same decision for the same inputs', () => {
    fc.assert(
      fc.property(policyArb, alertArb, candidateArb, (policy, alert, candidate) => {
        const d = new TrustEngine(policy).decide(alert, candidate, directory, now);
        const again = new TrustEngine(policy).decide(alert, candidate, directory, now);
        return (
          d.reasons.length > 0 &&
          d.reasons.every((r) => r.code.length > 0 && r.text.length > 10) &&
          JSON.stringify(d) === JSON.stringify(again)
        );
      }),
    );
  });

  const nodePolicyArb = fc
    .record({
      node: fc.constant('ke'),
      maxTlp: fc.option(tlp, { nil: undefined }),
      scopes: fc.option(fc.uniqueArray(fc.constantFrom<Scope>(...SCOPES), { minLength: 1 }), { nil: undefined }),
      denyCategories: fc.uniqueArray(fc.constantFrom<Category>(...CATEGORIES), { maxLength: 3 }),
      denyRecipients: someNodes,
    })
    .map((p): NodePolicy => ({
      ...p,
      scopes: p.scopes ? new Set(p.scopes) : undefined,
      denyCategories: new Set(p.denyCategories),
      denyRecipients: new Set(p.denyRecipients),
    }));

  it("never lets a node's policy widen its hub's", () => {
    fc.assert(
      fc.property(nodePolicyArb, policyArb, alertArb, candidateArb, (nodePolicy, policy, alert, candidate) => {
        const hub = new TrustEngine(policy).decide(alert, candidate, directory, now);
        const denies = checkOutbound(nodePolicy, alert);
        const both = combine(denies, hub);
        if (both.verdict !== 'refuse' && hub.verdict === 'refuse') return false;
        if (denies.length > 0 && both.verdict !== 'refuse') return false;
        return both.reasons.length > 0;
      }),
    );
  });

  const email = fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.constantFrom('example.org', 'bank.example')).map(([l, d]) => `${l}@${d}`);
  const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 255 })).map((p) => p.join('.'));
  const domain = fc.tuple(fc.stringMatching(/^[a-z]{3,8}$/), fc.constantFrom('example.net', 'example.com')).map(([l, d]) => `${l}.${d}`);

  it('leaves no redacted value anywhere in what is delivered', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            email.map((value) => ({ type: 'email' as const, value })),
            ipv4.map((value) => ({ type: 'ipv4' as const, value })),
            domain.map((value) => ({ type: 'domain' as const, value })),
          ),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        fc.boolean(),
        (indicators, mention) => {
          const alert = {
            id: 'a',
            origin: 'ke',
            createdAt: now.toISOString(),
            title: mention ? `seen ${indicators[0].value}` : 'seen',
            description: indicators.map((i) => i.value).join(' and '),
            category: 'phishing',
            severity: 'low',
            tlp: 'GREEN',
            scope: 'regional',
            indicators,
            references: indicators.map((i) => `https://report.example/?q=${i.value}`),
          } as unknown as Alert;
          const profile = new TrustEngine(
            compilePolicy({
              hub: 'h',
              tiers: { t: { maxTlp: 'RED', redaction: 'p' } },
              redaction: { p: { mask: { email: 'email-local', ipv4: 'truncate-24', domain: 'remove' } } },
              members: [],
            }),
          ).redactionProfile('p')!;
          const { alert: delivered, applied } = redactAlert(alert, profile);
          const json = JSON.stringify(delivered);
          // An IPv4 that is its own /24 network address survives only as that network.
          return (
            indicators.every((i) => !json.includes(i.value) || (i.type === 'ipv4' && i.value.endsWith('.0'))) &&
            applied.length >= indicators.length
          );
        },
      ),
    );
  });
});
