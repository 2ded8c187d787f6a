import { FederationDemo, type MeshManifest } from '@cirtmesh/runner';
import { join } from 'node:path';
import { Command } from 'commander';
import { checkNatsServer } from '@cirtmesh/topology';
import type { CliConfig } from './config';
import type { Invoke } from './context';
import { EXIT } from './errors';
import { dirOption, invokes, meshOption } from './options';

export interface DemoOptions {
  meshFile: string;
  dir: string;
  fresh: boolean;
}

export function renderTable(manifest: MeshManifest): string {
  const rows = [
    ...manifest.hubs.map((h) => [h.id, `hub/${h.role}`, h.region ?? '-', h.api, h.nats, h.token]),
    ...manifest.nodes.map((n) => [n.id, 'node', n.region ?? '-', n.api, n.nats, n.token]),
  ];
  const header = ['id', 'role', 'region', 'api', 'nats', 'token'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * `cirtmesh demo`: the mesh file's parties as a federation, each founded in its own directory
 * under `<dir>/parties/` and run on its own, until SIGINT or SIGTERM; then stops everything it started.
 */
export async function runDemo(options: DemoOptions, config: CliConfig): Promise<void> {
  const say = (line: string): void => console.log(`[demo] ${line}`);
  say(`starting the mesh from ${options.meshFile} on ports ${config.basePort}+`);
  const mesh: { runner?: FederationDemo } = {};
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping every process`);
    await mesh.runner?.stop();
    say('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('exit', () => mesh.runner?.killAll());
  await checkNatsServer(config.natsServerBin);
  const runner = FederationDemo.prepare({
    meshFile: options.meshFile,
    dir: options.dir,
    basePort: config.basePort,
    natsServerBin: config.natsServerBin,
    env: config.appEnv,
    fresh: options.fresh,
    onProgress: say,
  });
  mesh.runner = runner;
  try {
    await runner.boot();
  } catch (error) {
    if (stopping) return;
    await runner.stop();
    throw error;
  }
  if (stopping) return;
  console.log('\n' + renderTable(runner.manifest()) + '\n');
  say(`manifest written to ${options.dir}/mesh.json; each party's keys, data and logs in ${join(options.dir, 'parties', '<id>')}`);
  say("web console: open a node's api address in a browser and sign in with its token");
  say('cli:  npx cirtmesh status --url <api> --token <token>');
  say('curl: curl -s -H "Authorization: Bearer <token>" <api>/api/v1/alerts');
  say('press Ctrl-C to stop');
  await new Promise<never>(() => undefined);
}

/** `cirtmesh demo [--mesh FILE] [--dir DIR] [--fresh]` */
export function demoCommand(invoke: Invoke): Command {
  const command = new Command('demo')
    .description('run the demo mesh (every hub and node as its own process) until Ctrl-C')
    .addOption(meshOption())
    .addOption(dirOption('the working directory: data, logs, keys and tokens'))
    .option('--fresh', 'forget data and tokens from an earlier run');
  return invokes(command, invoke, () => {
    const { mesh, dir, fresh } = command.opts<{ mesh: string; dir: string; fresh?: boolean }>();
    const request: DemoOptions = { meshFile: mesh, dir, fresh: fresh === true };
    return { request, run: (context) => runDemo(request, context.cliConfig()).then(() => EXIT.ok) };
  });
}
