/**
 * `npm run bench:archive` (and part of `npm run bench`): the archive alone, over 100,000 alerts.
 *
 * - inserts per second, one awaited `add` at a time, as the node's alert log writes;
 * - indicator search time (p50, p99) over a mix of exact values, parent domains, addresses inside
 *   CIDR blocks, hashes and misses;
 * - baseline, in the same run: keeping a copy in a plain Map, and answering the exact-value
 *   questions by scanning every alert's indicators. The ratios say what the indexes buy.
 *
 * The in-memory store always runs; MongoDB runs too when MONGODB_URI is set. Each figure is the
 * median of ROUNDS rounds.
 */
import { MemoryAlertArchive, openMongoArchive, type AlertArchive } from '@cirtmesh/archive';
import type { StoredAlert } from '@cirtmesh/contracts';
import { mongoUri } from '@cirtmesh/testing';
import { performance } from 'node:perf_hooks';
import { hex, prng } from './random';
import { median, percentile, round } from './stats';

const ALERTS = 100_000;
const QUERIES = 2_000;
const ROUNDS = 3;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');

function makeAlerts(): StoredAlert[] {
  const rand = prng(42);
  const alerts: StoredAlert[] = [];
  for (let i = 1; i <= ALERTS; i += 1) {
    const at = new Date(T0 + i * 1000).toISOString();
    const n = Math.floor(rand() * 5);
    const indicators: NonNullable<StoredAlert['alert']['indicators']> = [
      { type: 'domain', value: `h${Math.floor(rand() * 5)}.d${i % 20_000}.example` },
      { type: 'ipv4', value: `10.${i % 250}.${Math.floor(i / 250) % 250}.${Math.floor(rand() * 250)}` },
    ];
    if (n > 1) indicators.push({ type: 'sha256', value: hex(rand, 64) });
    if (n > 2) indicators.push({ type: 'cidr', value: `172.${16 + (i % 16)}.${i % 250}.0/24` });
    if (n > 3) indicators.push({ type: 'url', value: `https://login.d${i % 20_000}.example/reset` });
    alerts.push({
      seq: i,
      direction: i % 3 === 0 ? 'sent' : 'received',
      storedAt: at,
      via: ['africa'],
      alert: {
        id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
        origin: ['ke', 'ng', 'jp', 'my'][i % 4],
        createdAt: at,
        title: `Scanning from a botnet range, batch ${i}`,
        description: 'Mass scanning of exposed remote desktop services',
        category: 'scanning',
        severity: 'medium',
        tlp: 'GREEN',
        scope: 'global',
        indicators,
      },
    });
  }
  return alerts;
}

function makeQueries(alerts: StoredAlert[]): string[] {
  const rand = prng(7);
  const pick = (): StoredAlert => alerts[Math.floor(rand() * alerts.length)];
  const queries: string[] = [];
  for (let i = 0; i < QUERIES; i += 1) {
    const a = pick().alert.indicators!;
    switch (i % 5) {
      case 0:
        queries.push(a[0].value); // an exact domain
        break;
      case 1:
        queries.push(a[0].value.split('.').slice(1).join('.')); // a parent domain: its subdomains
        break;
      case 2:
        queries.push(a[1].value); // an exact address
        break;
      case 3:
        queries.push(`172.${16 + (i % 16)}.${i % 250}.${1 + (i % 200)}`); // inside some CIDR blocks
        break;
      default:
        queries.push(i % 2 ? hex(rand, 64) : `nothing-${i}.example`); // a miss
    }
  }
  return queries;
}

interface Round {
  /** Heap growth while the alerts went in (in-memory store only; MongoDB holds them elsewhere). */
  heapMb: number;
  insertsPerS: number;
  p50: number;
  p99: number;
}

function heapMb(): number {
  global.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

async function measure(archive: AlertArchive, alerts: StoredAlert[], queries: string[]): Promise<Round> {
  const heapBefore = heapMb();
  const start = performance.now();
  for (const alert of alerts) await archive.add(alert);
  const insertsPerS = alerts.length / ((performance.now() - start) / 1000);
  const heapAfter = heapMb();
  const times: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    await archive.search(q, 50);
    times.push(performance.now() - t);
  }
  return { heapMb: heapAfter - heapBefore, insertsPerS, p50: percentile(times, 50), p99: percentile(times, 99) };
}

/** The same work without the archive: a copy in a Map, and exact matches by scanning everything. */
function baseline(alerts: StoredAlert[], queries: string[]): Round {
  const map = new Map<string, StoredAlert>();
  const start = performance.now();
  for (const alert of alerts) map.set(alert.alert.id, structuredClone(alert));
  const insertsPerS = alerts.length / ((performance.now() - start) / 1000);
  const times: number[] = [];
  for (const q of queries.slice(0, 200)) {
    const t = performance.now();
    const hits: StoredAlert[] = [];
    for (const a of map.values()) if (a.alert.indicators?.some((x) => x.value === q)) hits.push(a);
    times.push(performance.now() - t);
  }
  return { heapMb: 0, insertsPerS, p50: percentile(times, 50), p99: percentile(times, 99) };
}

function report(name: string, rounds: Round[], base: Round[]): string {
  const ins = median(rounds.map((r) => r.insertsPerS));
  const p50 = median(rounds.map((r) => r.p50));
  const p99 = median(rounds.map((r) => r.p99));
  const baseIns = median(base.map((r) => r.insertsPerS));
  const baseP99 = median(base.map((r) => r.p99));
  const heap = median(rounds.map((r) => r.heapMb));
  console.log(
    `${name}: ${round(ins, 0)} inserts/s (baseline Map copy ${round(baseIns, 0)}/s); heap +${round(heap, 0)} MB for ${ALERTS} alerts`,
  );
  console.log(
    `${name}: indicator search over ${ALERTS} alerts p50 ${round(p50, 3)} ms p99 ${round(p99, 3)} ms (baseline scan p99 ${round(baseP99, 1)} ms)`,
  );
  return `${name}_inserts_per_s=${round(ins, 0)} ${name}_search_p99_ms=${round(p99, 3)} ${name}_insert_ratio=${round(ins / baseIns, 3)} ${name}_search_speedup=${round(baseP99 / p99, 0)}`;
}

async function main(): Promise<void> {
  const alerts = makeAlerts();
  const queries = makeQueries(alerts);
  const figures: string[] = [];
  const base: Round[] = [];
  const memory: Round[] = [];
  for (let r = 0; r < ROUNDS; r += 1) {
    base.push(baseline(alerts, queries));
    const archive = new MemoryAlertArchive({ clock: () => new Date(T0 + 86_400_000) });
    memory.push(await measure(archive, alerts, queries));
    await archive.close();
    console.log(`round ${r + 1}/${ROUNDS}: memory ${round(memory[r].insertsPerS, 0)} inserts/s, search p99 ${round(memory[r].p99, 3)} ms`);
  }
  figures.push(report('memory', memory, base));
  const uri = mongoUri();
  if (uri) {
    const mongo: Round[] = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      const url = new URL(uri);
      url.pathname = `/cirtmesh_bench_${r}_${Date.now()}`;
      const archive = await openMongoArchive(url.toString(), { clock: () => new Date(T0 + 86_400_000) });
      try {
        mongo.push(await measure(archive, alerts, queries));
      } finally {
        await archive.close();
        const { default: mongoose } = await import('mongoose');
        const c = await mongoose.createConnection(url.toString()).asPromise();
        await c.dropDatabase();
        await c.close();
      }
    }
    figures.push(report('mongodb', mongo, base));
  } else {
    console.log('mongodb: skipped (MONGODB_URI is not set)');
  }
  console.log(`bench: ${figures.join(' ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
