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
 * - CPU: every mesh process's own CPU time (apps and nats-servers, from the OS's per-process
 *   counters), read before each throughput round and once the mesh is idle again after it, over
 *   the deliveries of the round; against the raw baseline's CPU per message (the publishing
 *   process and its nats-server).
 *
 * - lanes: see lane-round.ts. The bench's hubs raise the critical lane's cap (bench-mesh.ts), so
 *   jp's critical alerts are measured in their lane, not demoted to bulk by the default cap.
 *
 * A warm-up round that is not counted comes first. Each figure is the median of ROUNDS rounds.
 */
import { Streams } from '@cirtmesh/contracts';
import { benchProfileDir, OtlpReceiver, SseClient, TestMesh } from '@cirtmesh/testing';
import { rmSync } from 'node:fs';
import { BENCH_CRITICAL_LANE, benchMeshFile } from './bench-mesh';
import { cpuSpent, settle, total } from './cpu';
import { laneRound } from './lane-round';
import { meshPids, nameProfiles } from './profiles';
import { rawPublishRound, type RawBaseline } from './raw-baseline';
import { median, percentile, pool, round } from './stats';

const ROUNDS = 3;
/** Pairs of rounds, untraced and traced: more than ROUNDS, since a ratio of two noisy figures is noisier. */
const TRACING_PAIRS = 5;
const PACED_PER_S = 20;
const PACED_COUNT = 200;
const ALERTS_PER_ROUND = 300;
const WARM_UP_ALERTS = 150;
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
): Promise<{ alertsPerS: number; sameRegion: number[]; crossRegion: number[]; deliveries: number; cpu: Map<string, number> }> {
  const streams = await openStreams(mesh);
  const pids = meshPids(mesh);
  const cpuBefore = await settle(pids);
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
  // Receipts and acks that follow the last arrival belong to this round too.
  const cpu = cpuSpent(cpuBefore, await settle(pids));
  const deliveries = [...expected.values()].reduce((a, b) => a + b, 0);
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
  return { alertsPerS: options.count / ((last - started) / 1000), sameRegion, crossRegion, deliveries, cpu };
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

/** Raw JetStream publishes on za's server, as many as ten rounds' alerts, at the same concurrency. */
async function rawRound(mesh: TestMesh, round: number): Promise<RawBaseline> {
  const serverPid = mesh.runner.servers.get('za')!.pid!;
  return rawPublishRound(await mesh.nats('za'), serverPid, String(round), {
    count: ALERTS_PER_ROUND * 10,
    window: CONCURRENCY,
    bytes: 700,
  });
}

/**
 * The cost of tracing: a second mesh, the same but tracing every alert (every span sampled, sent
 * to an OTLP/HTTP receiver in this process, whose CPU is not counted), and the same throughput
 * round on each mesh in turn, TRACING_PAIRS pairs, so that each pair meets the machine in the same state.
 * The overhead is the median of the pairs' ratios; the traced CPU ms per delivery, the median of
 * its rounds.
 */
async function tracingCost(plain: TestMesh, meshFile: string): Promise<{ traced: number; overheadPct: number }> {
  const receiver = await OtlpReceiver.start();
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_TRACES_SAMPLER: 'always_on' };
  const mesh = await TestMesh.start(meshFile, env, 60_000);
  try {
    await e2eRound(mesh, 'traced-warm-up', { count: WARM_UP_ALERTS, origins: ORIGINS });
    const traced: number[] = [];
    const ratios: number[] = [];
    const perDelivery = (result: { cpu: Map<string, number>; deliveries: number }): number => total(result.cpu) / result.deliveries;
    for (let r = 0; r < TRACING_PAIRS; r += 1) {
      const untraced = perDelivery(await e2eRound(plain, `untraced${r}`, { count: ALERTS_PER_ROUND, origins: ORIGINS }));
      traced.push(perDelivery(await e2eRound(mesh, `traced${r}`, { count: ALERTS_PER_ROUND, origins: ORIGINS })));
      ratios.push(traced[r] / untraced);
      console.log(
        `tracing pair ${r + 1}/${TRACING_PAIRS}: ${round(untraced, 2)} CPU ms per delivery untraced, ${round(traced[r], 2)} traced (${receiver.spans.length} spans received so far)`,
      );
    }
    return { traced: median(traced), overheadPct: (median(ratios) - 1) * 100 };
  } finally {
    await mesh.stop();
    await receiver.stop();
  }
}

async function main(): Promise<void> {
  const bootStart = Date.now();
  const profileDir = benchProfileDir();
  // Each app writes its CPU profile when it stops: `npm run bench:profile` summarises them.
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const benchMesh = benchMeshFile();
  const mesh = await TestMesh.start(benchMesh.meshFile, {}, 60_000, nodeArgs);
  const recipients = nodesOf(mesh).length - 1;
  console.log(`bench: mesh of ${recipients + 1} nodes and 3 hubs ready in ${Date.now() - bootStart} ms`);
  let pids: Map<string, number> | undefined;
  try {
    const e2e: number[] = [];
    const raw: number[] = [];
    const cpuPerDelivery: number[] = [];
    const rawCpuPerMsg: number[] = [];
    const cpuByProcess = new Map<string, number>();
    let deliveries = 0;
    const loadedCross: number[] = [];
    // One round first that is not counted: the apps' code is compiled by then, as in a mesh that has been running.
    await e2eRound(mesh, 'warm-up', { count: WARM_UP_ALERTS, origins: ORIGINS });
    for (let r = 0; r < ROUNDS; r += 1) {
      const baseline = await rawRound(mesh, r);
      raw.push(baseline.perS);
      rawCpuPerMsg.push(baseline.cpuMsPerMsg);
      const result = await e2eRound(mesh, `t${r}`, { count: ALERTS_PER_ROUND, origins: ORIGINS });
      e2e.push(result.alertsPerS);
      loadedCross.push(...result.crossRegion);
      cpuPerDelivery.push(total(result.cpu) / result.deliveries);
      deliveries += result.deliveries;
      for (const [name, ms] of result.cpu) cpuByProcess.set(name, (cpuByProcess.get(name) ?? 0) + ms);
      console.log(
        `round ${r + 1}/${ROUNDS}: e2e ${round(result.alertsPerS)} alerts/s (${round(result.alertsPerS * recipients)} deliveries/s), ${round(cpuPerDelivery[r], 2)} CPU ms per delivery; raw JetStream ${round(baseline.perS)} msgs/s, ${round(baseline.cpuMsPerMsg, 3)} CPU ms per msg`,
      );
    }
    // Latency without a queue in front: ke submits at a steady PACED_PER_S alerts per second.
    const paced = await e2eRound(mesh, 'latency', { count: PACED_COUNT, origins: ['ke'], paceMs: 1000 / PACED_PER_S });
    const same = paced.sameRegion;
    const cross = paced.crossRegion;
    // The priority lane: bulk at the throughput just measured, a critical alert every 200 ms.
    const lane = await laneRound(mesh, median(e2e));
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
    const cpuMedian = median(cpuPerDelivery);
    const rawCpuMedian = median(rawCpuPerMsg);
    const ingest = await mesh.streamState('africa', Streams.ingest);
    const tracing = await tracingCost(mesh, benchMesh.meshFile);
    pids = meshPids(mesh);
    await mesh.stop();
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
      `under bulk load at ${round(e2eMedian)} alerts/s from ke, ng, my for 20 s: ${lane.critical.length} critical alerts jp -> ke p50 ${median(lane.critical)} ms p99 ${lane.criticalP99} ms; bulk -> ke p50 ${lane.bulkP50} ms (critical lane cap in the bench's hubs: burst ${BENCH_CRITICAL_LANE.burst}, ${BENCH_CRITICAL_LANE.perMinute} a minute)`,
    );
    const perProcess = [...cpuByProcess].sort((a, b) => b[1] - a[1]).map(([name, ms]) => `${name}=${round(ms / deliveries, 3)}`);
    console.log(`CPU ms per delivery by process (throughput rounds, ${deliveries} deliveries): ${perProcess.join(' ')}`);
    console.log(
      `SSE fan-out, ${FANOUT_CLIENTS} clients on ng, ${FANOUT_ALERTS} alerts at ${FANOUT_PER_S}/s: store -> client p99 ${median(fanout)} ms (1 client: ${median(single)} ms)`,
    );
    console.log(
      `bench: e2e_alerts_per_s=${round(e2eMedian)} p99_ms_cross_region=${percentile(cross, 99)} raw_js_per_s=${round(rawMedian)} ratio=${round(e2eMedian / rawMedian, 3)} cpu_ms_per_delivery=${round(cpuMedian, 3)} raw_cpu_ms_per_msg=${round(rawCpuMedian, 4)} cpu_ratio=${round(cpuMedian / rawCpuMedian, 1)} critical_p99_ms_under_load=${lane.criticalP99} bulk_p50_ms_under_load=${lane.bulkP50} sse_fanout_clients=${FANOUT_CLIENTS} sse_fanout_p99_ms=${median(fanout)} sse_single_p99_ms=${median(single)} cpu_ms_per_delivery_traced=${round(tracing.traced, 3)} trace_overhead_pct=${round(tracing.overheadPct, 1)}`,
    );
  } finally {
    if (!pids) {
      pids = meshPids(mesh);
      await mesh.stop();
    }
    rmSync(benchMesh.dir, { recursive: true, force: true });
    if (profileDir) nameProfiles(profileDir, pids);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
