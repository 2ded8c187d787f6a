/**
 * `npm run bench:hub`: one regional hub on its own, the figure a region sizing its hub needs.
 *
 * The hub app and its nats-server run as in the mesh; no member runs. The bench acts as MEMBERS
 * members: it signs alerts with their keys and publishes them straight into the hub's INGEST
 * stream on their ingest subjects (a bounded window of outstanding publishes), each alert naming
 * RECIPIENTS members, and it drains every member's delivery consumer as the members would. A
 * round ends when every entitled member holds every alert and the hub is idle again.
 *
 * It prints alerts relayed per second, deliveries per second, the hub's CPU ms per alert (the
 * hub app and its nats-server, from the OS's counters), and a raw JetStream baseline in the same
 * run: as many publishes as the round's deliveries, with the same window, into a file stream on
 * the same server. `ratio` is deliveries per second over the baseline's publishes per second.
 * It ends with the peak resident memory of the hub app and of its nats-server over the whole run.
 * A warm-up round is not counted; each figure is the median of ROUNDS rounds.
 */
import { encodeAlertEvent, MeshHeaders, Streams, Subjects, toAlertEvent, type Alert } from '@cirtmesh/contracts';
import { signAlertEvent, type SigningKey } from '@cirtmesh/crypto';
import { benchProfileDir, LoneHub, waitUntil } from '@cirtmesh/testing';
import { headers as natsHeaders, type ConsumerMessages, type MsgHdrs, type NatsConnection } from 'nats';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { cpuSpent, peakRssMb, settle, total } from './cpu';
import { rawPublishRound, type RawBaseline } from './raw-baseline';
import { median, pool, round } from './stats';

const HUB = 'bench';
const MEMBERS = 50;
const RECIPIENTS = 10;
const ALERTS_PER_ROUND = 1_500;
const WARM_UP_ALERTS = 300;
const ROUNDS = 3;
/** Outstanding publishes at once, for the alerts and for the baseline alike. */
const WINDOW = 64;

const memberIds = Array.from({ length: MEMBERS }, (_, i) => `m${String(i + 1).padStart(2, '0')}`);

function meshFile(dir: string): string {
  const nodes = memberIds.map((id) => `      - { id: ${id}, country: KE, name: member ${id} }`).join('\n');
  const path = join(dir, 'mesh.bench.yaml');
  writeFileSync(path, `name: bench\nhopLimit: 4\nglobal:\n  id: global\nregions:\n  - id: ${HUB}\n    name: Bench\n    nodes:\n${nodes}\n`);
  return path;
}

/** Signed alert events from member `i % MEMBERS`, each naming the next RECIPIENTS members. */
function makeAlert(i: number, keys: Map<string, SigningKey>, label: string): { from: string; id: string; bytes: Uint8Array } {
  const from = memberIds[i % MEMBERS];
  const recipients = Array.from({ length: RECIPIENTS }, (_, k) => memberIds[(i + 1 + k) % MEMBERS]);
  const now = new Date();
  const alert: Alert = {
    id: uuidv7(),
    origin: from,
    createdAt: now.toISOString(),
    title: `hub bench ${label}.${i}`,
    category: 'scanning',
    severity: 'low',
    tlp: 'GREEN',
    scope: 'regional',
    recipients,
    indicators: [{ type: 'ipv4', value: `198.51.100.${i % 250}` }],
  };
  const event = signAlertEvent(toAlertEvent(alert), keys.get(from)!);
  return { from, id: alert.id, bytes: encodeAlertEvent(event) };
}

/** Drains every member's delivery consumer, counting the alerts delivered (receipts are drained too). */
class Members {
  delivered = 0;
  private readonly streams: ConsumerMessages[] = [];

  static async drain(nc: NatsConnection): Promise<Members> {
    const members = new Members();
    const js = nc.jetstream();
    for (const member of memberIds) {
      const messages = await (await js.consumers.get(Streams.deliver, member)).consume({ max_messages: 256 });
      members.streams.push(messages);
      void (async () => {
        for await (const msg of messages) {
          if (msg.subject === Subjects.deliver(HUB, member) && !isReceipt(msg.data)) members.delivered += 1;
          msg.ack();
        }
      })();
    }
    return members;
  }

  stop(): void {
    for (const s of this.streams) s.stop();
  }
}

const RECEIPT = Buffer.from('"org.cirtmesh.receipt.v1"');
const isReceipt = (data: Uint8Array): boolean => Buffer.from(data.buffer, data.byteOffset, data.byteLength).includes(RECEIPT);

async function hubRound(
  nc: NatsConnection,
  members: Members,
  keys: Map<string, SigningKey>,
  pids: Map<string, number>,
  label: string,
  count: number,
): Promise<{ alertsPerS: number; deliveriesPerS: number; cpuMsPerAlert: number; appShare: number }> {
  const alerts = Array.from({ length: count }, (_, i) => makeAlert(i, keys, label));
  const js = nc.jetstream();
  const cpuBefore = await settle(pids);
  const expected = members.delivered + count * RECIPIENTS;
  const started = Date.now();
  await pool(alerts, WINDOW, ({ from, id, bytes }) => js.publish(Subjects.ingest(HUB, from), bytes, { msgID: id, headers: hopHeaders() }));
  await waitUntil(`${count * RECIPIENTS} deliveries`, () => members.delivered >= expected, { timeoutMs: 600_000, intervalMs: 20 });
  const seconds = (Date.now() - started) / 1000;
  const spent = cpuSpent(cpuBefore, await settle(pids));
  const cpu = total(spent);
  return {
    alertsPerS: count / seconds,
    deliveriesPerS: (count * RECIPIENTS) / seconds,
    cpuMsPerAlert: cpu / count,
    appShare: (spent.get(HUB) ?? 0) / cpu,
  };
}

function hopHeaders(): MsgHdrs {
  const h = natsHeaders();
  h.set(MeshHeaders.hopLimit, '4');
  return h;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cirtmesh-bench-hub-'));
  const profileDir = benchProfileDir();
  // With CIRTMESH_BENCH_PROFILE set, the hub writes a CPU profile there when it stops (`npm run bench:profile`).
  const hub = await LoneHub.start(meshFile(dir), HUB, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  try {
    const nc = await hub.nats();
    const keys = new Map(memberIds.map((m) => [m, hub.signingKey(m)]));
    const pids = hub.pids();
    const members = await Members.drain(nc);
    console.log(`bench:hub: hub ${HUB} with ${MEMBERS} members, each alert naming ${RECIPIENTS}; window ${WINDOW}`);
    await hubRound(nc, members, keys, pids, 'warm-up', WARM_UP_ALERTS);
    const rounds: Awaited<ReturnType<typeof hubRound>>[] = [];
    const raw: RawBaseline[] = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      raw.push(
        await rawPublishRound(nc, pids.get(`${HUB}-nats`)!, String(r), {
          count: ALERTS_PER_ROUND * RECIPIENTS,
          window: WINDOW,
          bytes: 900,
        }),
      );
      rounds.push(await hubRound(nc, members, keys, pids, `r${r}`, ALERTS_PER_ROUND));
      console.log(
        `round ${r + 1}/${ROUNDS}: ${round(rounds[r].alertsPerS)} alerts/s, ${round(rounds[r].deliveriesPerS)} deliveries/s, ${round(rounds[r].cpuMsPerAlert, 2)} hub CPU ms per alert (${Math.round(rounds[r].appShare * 100)}% in the app); raw JetStream ${round(raw[r].perS)} msgs/s, ${round(raw[r].cpuMsPerMsg, 3)} CPU ms per msg`,
      );
    }
    members.stop();
    await nc.close();
    const rss = `hub_peak_rss_mb=${round(peakRssMb(pids.get(HUB)!))} hub_nats_peak_rss_mb=${round(peakRssMb(pids.get(`${HUB}-nats`)!))}`;
    const alertsPerS = median(rounds.map((r) => r.alertsPerS));
    const deliveriesPerS = median(rounds.map((r) => r.deliveriesPerS));
    const rawPerS = median(raw.map((r) => r.perS));
    console.log(
      `bench:hub alerts_per_s=${round(alertsPerS)} deliveries_per_s=${round(deliveriesPerS)} cpu_ms_per_alert=${round(median(rounds.map((r) => r.cpuMsPerAlert)), 2)} raw_js_per_s=${round(rawPerS)} ratio=${round(deliveriesPerS / rawPerS, 3)} ${rss}`,
    );
  } finally {
    await hub.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
