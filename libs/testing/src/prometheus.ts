import { waitUntil } from '@cirtmesh/runner';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePortBlock } from './ports';
import { testTempDir } from './processes';
import { spawnTracked } from './spawn';
import { systemProgram } from './test-env';

/** One sample of an instant query: its labels and value. */
export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

/**
 * A real Prometheus for a test: Debian's `prometheus` on a free port, with a temporary storage
 * directory and the configuration given, registered with the test run and stopped by `stop`.
 */
export class TestPrometheus {
  private constructor(
    readonly url: string,
    private readonly child: ReturnType<typeof spawnTracked>,
  ) {}

  static async start(config: string, timeoutMs = 30_000): Promise<TestPrometheus> {
    const dir = testTempDir('cirtmesh-prometheus-');
    const configFile = join(dir, 'prometheus.yml');
    writeFileSync(configFile, config, { mode: 0o600 });
    const port = await freePortBlock(1);
    const child = spawnTracked(systemProgram('prometheus'), [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ]);
    const output: string[] = [];
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    const prometheus = new TestPrometheus(`http://127.0.0.1:${port}`, child);
    try {
      await waitUntil(
        'prometheus to be ready',
        async () => {
          if (child.exitCode !== null) throw new Error(`prometheus exited: ${output.join('').slice(-2_000)}`);
          return (await fetch(`${prometheus.url}/-/ready`).catch(() => undefined))?.ok === true;
        },
        { timeoutMs, intervalMs: 100 },
      );
    } catch (error) {
      await prometheus.stop();
      throw error;
    }
    return prometheus;
  }

  /** An instant query through Prometheus' HTTP API. */
  async query(expr: string): Promise<PromSample[]> {
    const res = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await res.json()) as {
      status: string;
      error?: string;
      data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    if (body.status !== 'success') throw new Error(`query ${expr} failed: ${body.error ?? res.status}`);
    return (body.data?.result ?? []).map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  }

  /** The scrape targets as Prometheus reports them: job, health and last error. */
  async targets(): Promise<{ job: string; health: string; lastError: string }[]> {
    const res = await fetch(`${this.url}/api/v1/targets`);
    const body = (await res.json()) as { data: { activeTargets: { labels: { job: string }; health: string; lastError: string }[] } };
    return body.data.activeTargets.map((t) => ({ job: t.labels.job, health: t.health, lastError: t.lastError }));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const closed = once(this.child, 'close');
    this.child.kill('SIGTERM');
    await closed;
  }
}
