import { checkNatsServer, storePlan, testNatsConfig, writeMeshFiles } from '@cirtmesh/topology';
import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import type { CliConfig } from './config';
import type { Invoke } from './context';
import { EXIT } from './errors';
import { invokes, meshOption } from './options';

export interface GenerateOptions {
  meshFile: string;
  out: string;
}

/**
 * `cirtmesh generate`: writes every nats-server config and every app's environment for a mesh
 * file, then has nats-server itself check each config. Secrets are kept in `secrets.json` beside
 * them, so regenerating keeps the same credentials.
 */
export async function runGenerate(options: GenerateOptions, config: CliConfig): Promise<void> {
  const out = resolve(options.out);
  const plan = storePlan(out, options.meshFile, config.basePort);
  const files = await writeMeshFiles(plan);
  console.log(`wrote ${files.natsConfigs.length} nats-server configs and ${files.envFiles.length} app env files under ${out}`);
  let version: string;
  try {
    version = await checkNatsServer(config.natsServerBin);
  } catch (error) {
    console.log(`not checked with nats-server: ${(error as Error).message}`);
    return;
  }
  const problems: string[] = [];
  for (const path of files.natsConfigs) {
    const complaint = await testNatsConfig(config.natsServerBin, path);
    if (complaint) problems.push(`${path}: ${complaint}`);
  }
  if (problems.length > 0) throw new Error(`nats-server ${version} rejects generated configs:\n${problems.join('\n')}`);
  console.log(`nats-server ${version} accepts every config`);
}

/** `cirtmesh generate [--mesh FILE] [--out DIR]` */
export function generateCommand(invoke: Invoke): Command {
  const command = new Command('generate')
    .description('write every nats-server config and app env file for a mesh file, checked by nats-server')
    .addOption(meshOption())
    .addOption(new Option('--out <DIR>', 'the output directory').default('.demo/generated'));
  return invokes(command, invoke, () => {
    const { mesh, out } = command.opts<{ mesh: string; out: string }>();
    const request: GenerateOptions = { meshFile: mesh, out };
    return { request, run: (context) => runGenerate(request, context.cliConfig()).then(() => EXIT.ok) };
  });
}
