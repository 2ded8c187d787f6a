/**
 * `npm run bench:trust`: trust decisions per second on one core, for a 60-member directory with
 * 30 rules and 10 sharing groups, against the built-in open policy (no rules, one tier) measured
 * in the same run. Each figure is the median of ROUNDS rounds.
 */
import { CATEGORIES, SCOPES, TLPS, type Category, type Scope, type Tlp } from '@cirtmesh/contracts';
import { compilePolicy, openPolicy, TrustEngine, type AlertFacts, type Candidate, type Policy } from '@cirtmesh/trust';
import { median, round } from './stats';

const ROUNDS = 5;
const ROUND_MS = 1_000;
const MEMBERS = 60;
const REGIONS = ['af', 'ap', 'eu', 'am'];

let seed = 42;
const random = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

const ids = Array.from({ length: MEMBERS }, (_, i) => `n${i}`);
const regionOf = new Map(ids.map((id, i) => [id, REGIONS[i % REGIONS.length]]));
const directory = { regionOf: (n: string) => regionOf.get(n) };
const tiers = ['national', 'government', 'sector', 'academic'];

function fullPolicy(): Policy {
  return compilePolicy({
    hub: 'af',
    tiers: {
      national: { maxTlp: 'RED' },
      government: { maxTlp: 'AMBER+STRICT', categories: { deny: ['spam'] } },
      sector: { maxTlp: 'GREEN', redaction: 'privacy', embargo: '5m' },
      academic: { maxTlp: 'GREEN', categories: { allow: ['malware', 'vulnerability', 'scanning', 'botnet'] } },
    },
    redaction: { privacy: { mask: { email: 'email-local', ipv4: 'truncate-24' } } },
    members: ids.map((id, i) => ({ id, kind: i % 4 === 2 ? 'sector' : 'national', tier: tiers[i % 4] })),
    groups: Object.fromEntries(Array.from({ length: 10 }, (_, g) => [`g${g}`, { members: ids.filter(() => random() < 0.15) }])),
    rules: Array.from({ length: 30 }, (_, r) => ({
      id: `r${r}`,
      when:
        r % 3 === 0
          ? { category: [pick(CATEGORIES)], scope: ['regional'] }
          : r % 3 === 1
            ? { sectors: [`sector-${r}`] }
            : { tlp: [pick(TLPS)], scope: [pick(SCOPES)] },
      only: r % 2 === 0 ? { tiers: [pick(tiers)] } : { kinds: ['national'] },
    })),
  });
}

function workload(count: number): Array<{ alert: AlertFacts; candidate: Candidate }> {
  return Array.from({ length: count }, (_, i) => {
    const origin = pick(ids);
    const alert: AlertFacts = {
      id: `a${i}`,
      origin,
      tlp: pick<Tlp>(['CLEAR', 'GREEN', 'GREEN', 'GREEN', 'AMBER', 'RED']),
      scope: pick<Scope>(['regional', 'global', 'global']),
      category: pick<Category>(CATEGORIES),
      createdAt: new Date(Date.now() - random() * 600_000).toISOString(),
      recipients: random() < 0.2 ? [pick(ids), pick(ids)] : undefined,
      groups: random() < 0.3 ? [`g${Math.floor(random() * 10)}`] : undefined,
      sectors: random() < 0.1 ? [`sector-${Math.floor(random() * 30)}`] : undefined,
    };
    const candidate: Candidate =
      random() < 0.9 ? { kind: 'node', id: pick(ids), direct: true } : { kind: 'hub', id: 'global', reach: ['ap', 'eu'] };
    return { alert, candidate };
  });
}

function rate(engine: TrustEngine, work: ReturnType<typeof workload>): number {
  const now = new Date();
  let n = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ROUND_MS) * 1_000_000n;
  while (process.hrtime.bigint() < deadline) {
    for (let i = 0; i < 1_000; i += 1) {
      const { alert, candidate } = work[(n + i) % work.length];
      sink += engine.decide(alert, candidate, directory, now).reasons.length;
    }
    n += 1_000;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink === 0) throw new Error('no decisions made');
  return n / seconds;
}

function main(): void {
  const full = new TrustEngine(fullPolicy());
  const open = new TrustEngine(
    openPolicy(
      'af',
      ids.map((id) => ({ id, kind: 'national' as const })),
    ),
  );
  const work = workload(10_000);
  rate(full, work); // warm up
  rate(open, work);
  const fullRates: number[] = [];
  const openRates: number[] = [];
  for (let r = 0; r < ROUNDS; r += 1) {
    fullRates.push(rate(full, work));
    openRates.push(rate(open, work));
  }
  const verdicts = { deliver: 0, refuse: 0, defer: 0 };
  for (const { alert, candidate } of work) verdicts[full.decide(alert, candidate, directory, new Date()).verdict] += 1;
  console.log(`policy: ${MEMBERS} members, 4 tiers, 30 rules, 10 groups; workload verdicts ${JSON.stringify(verdicts)}`);
  console.log(`rounds of ${ROUND_MS} ms on one core (${ROUNDS} each): full ${fullRates.map((x) => round(x, 0)).join(', ')}`);
  console.log(`                                        open ${openRates.map((x) => round(x, 0)).join(', ')}`);
  const f = median(fullRates);
  const o = median(openRates);
  console.log(
    `bench:trust decisions_per_s=${round(f, 0)} open_policy_per_s=${round(o, 0)} ratio=${round(f / o, 3)} target=200000 ${f >= 200_000 ? 'met' : 'NOT met'}`,
  );
}

main();
