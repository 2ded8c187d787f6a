import { SseClient, type TestMesh } from '@cirtmesh/testing';
import { median, percentile } from './stats';

const BULK_ORIGINS = ['ke', 'ng', 'my'];
const LOAD_SECONDS = 20;
const CRITICAL_EVERY_MS = 200;
const CRITICAL_COUNT = 100;
/** Submissions in flight at once, at most: the pace is the load, not this. */
const IN_FLIGHT = 32;

interface Arrival {
  storedAt: string;
  alert: { id: string };
}

/**
 * The priority lane under load: bulk alerts from ke, ng and my at `bulkPerS` (the mesh's own
 * measured throughput) for LOAD_SECONDS, and meanwhile a CLEAR critical global alert from jp every
 * CRITICAL_EVERY_MS. Latency runs from just before each submission to ke's store time: p99 of the
 * critical alerts, p50 of the bulk ones (from ng and my; ke's own are not delivered to it).
 */
export async function laneRound(mesh: TestMesh, bulkPerS: number): Promise<{ criticalP99: number; bulkP50: number; critical: number[] }> {
  const ke = mesh.runner.party('ke');
  const stream = await SseClient.open(`http://127.0.0.1:${ke.httpPort}/api/v1/alerts/stream?direction=received`, ke.apiToken);
  const submittedAt = new Map<string, { at: number; critical: boolean; origin: string }>();
  const inFlight = new Set<Promise<void>>();
  const submit = async (origin: string, critical: boolean, title: string): Promise<void> => {
    while (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    const at = Date.now();
    const task = mesh
      .submit(origin, { title, category: 'scanning', severity: critical ? 'critical' : 'low', tlp: 'CLEAR', scope: 'global' })
      .then((id) => void submittedAt.set(id, { at, critical, origin }));
    const tracked = task.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };
  const started = Date.now();
  const bulkCount = Math.round(bulkPerS * LOAD_SECONDS);
  const schedule = [
    ...Array.from({ length: bulkCount }, (_, i) => ({ due: (i * 1000) / bulkPerS, origin: BULK_ORIGINS[i % 3], critical: false, i })),
    ...Array.from({ length: CRITICAL_COUNT }, (_, i) => ({ due: i * CRITICAL_EVERY_MS, origin: 'jp', critical: true, i })),
  ].sort((a, b) => a.due - b.due);
  for (const item of schedule) {
    const wait = started + item.due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await submit(item.origin, item.critical, `${item.critical ? 'critical' : 'bulk'} under load ${item.i}`);
  }
  await Promise.all(inFlight);
  // Every alert but ke's own reaches ke.
  const expected = [...submittedAt.values()].filter((s) => s.origin !== 'ke').length;
  await stream.waitFor((events) => events.length >= expected, 600_000);
  await stream.close();
  const critical: number[] = [];
  const bulk: number[] = [];
  for (const event of stream.events) {
    const arrival = JSON.parse(event.data) as Arrival;
    const sent = submittedAt.get(arrival.alert.id);
    if (!sent) continue;
    (sent.critical ? critical : bulk).push(Date.parse(arrival.storedAt) - sent.at);
  }
  return { criticalP99: percentile(critical, 99), bulkP50: median(bulk), critical };
}
