/**
 * `npm run bench`: the demo topology on loopback, every party its own process.
 *
 * - e2e: alerts from four origins (two per region), CLEAR with scope global, so each one is
 *   entitled to reach the five other nodes across three hubs. Throughput counts an alert once
 *   every entitled recipient has stored it. Latency runs from just before the HTTP submission
 *   to the recipient's store time, for a same-region (ke -> ng) and a cross-region (ke -> jp) path.
 * - baseline: raw JetStream publishes (awaited acks, same concurrency) into a file stream on one
 *   of the same nats-servers, in the same run, so the ratio is robust to a noisy machine.
 *
 * - SSE fan-out: FANOUT_CLIENTS live-stream clients on one node, and the delay from the node
 *   storing an alert to each client parsing it (p99 over every client and alert), against one
 *   client in the same run.
 *
 * Each figure is the median of ROUNDS rounds.
 */
import { Streams } from '@cirtmesh/contracts';
import { SseClient, TestMesh } from '@cirtmesh/testing';
import { RetentionPolicy, StorageType } from 'nats';
import { median, percentile, pool, round } from './stats';

const ROUNDS = 3;
const PACED_PER_S = 20;
const PACED_COUNT = 200;
const ALERTS_PER_ROUND = 300;
const CONCURRENCY = 16;
const ORIGINS = ['ke', 'ng', 'jp', 'my'];
const FANOUT_CLIENTS = 50;
const FANOUT_ALERTS = 60;
const FANOUT_PER_S = 10;

/** Every node of the mesh: each CLEAR global alert is entitled to reach all but its origin. */
function nodesOf(mesh: TestMesh): string[] {
  return mesh.runner.plan.parties.filter((p) => p.kind === 'node').map((p) => p.id);
}

interface Arrival {
  storedAt: string;
  alert: { id: string };
}

/** Live streams at every node, so arrivals are seen without polling the mesh. */
async function openStreams(mesh: TestMesh): Promise<Map<string, SseClient>> {
  const streams = new Map<string, SseClient>();
  for (const node of nodesOf(mesh)) {
    const p = mesh.runner.party(node);
    streams.set(node, await SseClient.open(`http://127.0.0.1:${p.httpPort}/api/v1/alerts/stream?direction=received`, p.apiToken));
  }
  return streams;
}

interface RoundOptions {
  count: number;
  origins: string[];
  /** Submit one alert every `paceMs` instead of as fast as the API takes them. */
  paceMs?: number;
}

async function e2eRound(
  mesh: TestMesh,
  round: string,
  options: RoundOptions,
): Promise<{ alertsPerS: number; sameRegion: number[]; crossRegion: number[] }> {
  const streams = await openStreams(mesh);
  const submittedAt = new Map<string, number>();
  const origins = new Map<string, string>();
  const started = Date.now();
  await pool(
    Array.from({ length: options.count }, (_, i) => i),
    options.paceMs ? 1 : CONCURRENCY,
    async (i) => {
      if (options.paceMs) {
        const due = started + i * options.paceMs;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      }
      const origin = options.origins[i % options.origins.length];
      const t = Date.now();
      const id = await mesh.submit(origin, {
        title: `bench ${round}.${i}`,
        category: 'scanning',
        severity: 'low',
        tlp: 'CLEAR',
        scope: 'global',
        indicators: [{ type: 'ipv4', value: `198.51.100.${i % 250}` }],
      });
      submittedAt.set(id, t);
      origins.set(id, origin);
    },
  );
  const nodes = nodesOf(mesh);
  const expected = new Map(nodes.map((n) => [n, [...origins.values()].filter((o) => o !== n).length]));
  await Promise.all(nodes.map((n) => streams.get(n)!.waitFor((events) => events.length >= expected.get(n)!, 300_000)));
  let last = 0;
  const sameRegion: number[] = [];
  const crossRegion: number[] = [];
  for (const node of nodes) {
    const client = streams.get(node)!;
    await client.close();
    for (const event of client.events) {
      const arrival = JSON.parse(event.data) as Arrival;
      const at = Date.parse(arrival.storedAt);
      const origin = origins.get(arrival.alert.id);
      if (origin === undefined) continue;
      last = Math.max(last, at);
      if (origin === 'ke' && node === 'ng') sameRegion.push(at - submittedAt.get(arrival.alert.id)!);
      if (origin === 'ke' && node === 'jp') crossRegion.push(at - submittedAt.get(arrival.alert.id)!);
    }
  }
  return { alertsPerS: options.count / ((last - started) / 1000), sameRegion, crossRegion };
}

/** Delays, store to client, for `clients` live streams on ng while ke sends paced alerts. */
async function fanoutRound(mesh: TestMesh, label: string, clients: number): Promise<number[]> {
  const p = mesh.runner.party('ng');
  const url = `http://127.0.0.1:${p.httpPort}/api/v1/alerts/stream?direction=received&origin=ke`;
  const streams = await Promise.all(Array.from({ length: clients }, () => SseClient.open(url, p.apiToken)));
  const ids = new Set<string>();
  const started = Date.now();
  for (let i = 0; i < FANOUT_ALERTS; i += 1) {
    const due = started + (i * 1000) / FANOUT_PER_S;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    ids.add(
      await mesh.submit('ke', { title: `fanout ${label}.${i}`, category: 'scanning', severity: 'low', tlp: 'CLEAR', scope: 'regional' }),
    );
  }
  const delays: number[] = [];
  for (const stream of streams) {
    const events = await stream.waitFor((e) => e.filter((x) => x.event === 'alert').length >= ids.size, 60_000);
    await stream.close();
    for (const event of events) {
      const record = JSON.parse(event.data) as Arrival;
      if (ids.has(record.alert.id)) delays.push(event.receivedAt - Date.parse(record.storedAt));
    }
  }
  return delays;
}

async function rawRound(mesh: TestMesh, round: number): Promise<number> {
  const nc = await mesh.nats('za');
  const jsm = await nc.jetstreamManager();
  const name = `BENCH_${round}`;
  await jsm.streams.add({ name, subjects: [`bench.${round}`], storage: StorageType.File, retention: RetentionPolicy.Limits });
  const js = nc.jetstream();
  const payload = Buffer.alloc(700, 'x');
  const count = ALERTS_PER_ROUND * 10;
  const started = Date.now();
  await pool(
    Array.from({ length: count }, (_, i) => i),
    CONCURRENCY,
    (i) => js.publish(`bench.${round}`, payload, { msgID: `${round}-${i}` }),
  );
  const perS = count / ((Date.now() - started) / 1000);
  await jsm.streams.delete(name);
  return perS;
}

async function main(): Promise<void> {
  const bootStart = Date.now();
  const mesh = await TestMesh.start();
  const recipients = nodesOf(mesh).length - 1;
  console.log(`bench: mesh of ${recipients + 1} nodes and 3 hubs ready in ${Date.now() - bootStart} ms`);
  try {
    const e2e: number[] = [];
    const raw: number[] = [];
    const loadedCross: number[] = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      raw.push(await rawRound(mesh, r));
      const result = await e2eRound(mesh, `t${r}`, { count: ALERTS_PER_ROUND, origins: ORIGINS });
      e2e.push(result.alertsPerS);
      loadedCross.push(...result.crossRegion);
      console.log(
        `round ${r + 1}/${ROUNDS}: e2e ${round(result.alertsPerS)} alerts/s (${round(result.alertsPerS * recipients)} deliveries/s), raw JetStream ${round(raw[r])} msgs/s`,
      );
    }
    // Latency without a queue in front: ke submits at a steady PACED_PER_S alerts per second.
    const paced = await e2eRound(mesh, 'latency', { count: PACED_COUNT, origins: ['ke'], paceMs: 1000 / PACED_PER_S });
    const same = paced.sameRegion;
    const cross = paced.crossRegion;
    const fanout: number[] = [];
    const single: number[] = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      single.push(percentile(await fanoutRound(mesh, `one${r}`, 1), 99));
      fanout.push(percentile(await fanoutRound(mesh, `many${r}`, FANOUT_CLIENTS), 99));
      console.log(
        `fan-out round ${r + 1}/${ROUNDS}: store -> client p99 ${single[r]} ms with 1 client, ${fanout[r]} ms with ${FANOUT_CLIENTS}`,
      );
    }
    const e2eMedian = median(e2e);
    const rawMedian = median(raw);
    const ingest = await mesh.streamState('africa', Streams.ingest);
    console.log(
      `\nalerts per round: ${ALERTS_PER_ROUND} from ${ORIGINS.join(', ')}; each to ${recipients} recipients; concurrency ${CONCURRENCY}`,
    );
    console.log(`africa INGEST left unprocessed: ${ingest.messages}`);
    console.log(`under saturation (throughput rounds), ke -> jp: p50 ${median(loadedCross)} ms  p99 ${percentile(loadedCross, 99)} ms`);
    console.log(`paced at ${PACED_PER_S} alerts/s, ${PACED_COUNT} alerts from ke, CLEAR global:`);
    console.log(`latency ke -> ng (same region):  p50 ${median(same)} ms  p99 ${percentile(same, 99)} ms  max ${Math.max(...same)} ms`);
    console.log(`latency ke -> jp (cross region): p50 ${median(cross)} ms  p99 ${percentile(cross, 99)} ms  max ${Math.max(...cross)} ms`);
    console.log(`e2e median ${round(e2eMedian)} alerts/s; raw JetStream median ${round(rawMedian)} msgs/s`);
    console.log(
      `SSE fan-out, ${FANOUT_CLIENTS} clients on ng, ${FANOUT_ALERTS} alerts at ${FANOUT_PER_S}/s: store -> client p99 ${median(fanout)} ms (1 client: ${median(single)} ms)`,
    );
    console.log(
      `bench: e2e_alerts_per_s=${round(e2eMedian)} p99_ms_cross_region=${percentile(cross, 99)} raw_js_per_s=${round(rawMedian)} ratio=${round(e2eMedian / rawMedian, 3)} sse_fanout_clients=${FANOUT_CLIENTS} sse_fanout_p99_ms=${median(fanout)} sse_single_p99_ms=${median(single)}`,
    );
    const { execFileSync } = await import('node:child_process');
    const pids = [...mesh.runner.apps.entries(), ...[...mesh.runner.servers.entries()].map(([id, p]) => [`${id}-nats`, p] as const)];
    const cpu = pids.map(
      ([id, p]) =>
        `${id}=${execFileSync('ps', ['-o', 'times=', '-p', String(p.pid)])
          .toString()
          .trim()}s`,
    );
    console.log(`cpu seconds per process: ${cpu.join(' ')}`);
  } finally {
    await mesh.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
