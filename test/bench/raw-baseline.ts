import { RetentionPolicy, StorageType, type NatsConnection } from 'nats';
import { ownCpuMs, processCpuMs } from './cpu';
import { pool } from './stats';

export interface RawBaseline {
  /** Publishes acknowledged per second. */
  perS: number;
  /** CPU ms per message of the publishing process (this one) and the server. */
  cpuMsPerMsg: number;
}

/**
 * The raw JetStream baseline of a benchmark: `count` awaited publishes of `bytes` bytes, `window`
 * outstanding at a time, into a file stream of their own on the server `nc` is connected to
 * (`serverPid`), in the same run as the figures it is compared with. The stream is removed after.
 */
export async function rawPublishRound(
  nc: NatsConnection,
  serverPid: number,
  label: string,
  options: { count: number; window: number; bytes: number },
): Promise<RawBaseline> {
  const jsm = await nc.jetstreamManager();
  const name = `BENCH_RAW_${label}`;
  const subject = `bench.raw.${label}`;
  await jsm.streams.add({ name, subjects: [subject], storage: StorageType.File, retention: RetentionPolicy.Limits });
  const js = nc.jetstream();
  const payload = Buffer.alloc(options.bytes, 'x');
  const cpuBefore = ownCpuMs() + processCpuMs(serverPid);
  const started = Date.now();
  await pool(
    Array.from({ length: options.count }, (_, i) => i),
    options.window,
    (i) => js.publish(subject, payload, { msgID: `${label}-${i}` }),
  );
  const perS = options.count / ((Date.now() - started) / 1000);
  const cpuMsPerMsg = (ownCpuMs() + processCpuMs(serverPid) - cpuBefore) / options.count;
  await jsm.streams.delete(name);
  return { perS, cpuMsPerMsg };
}
