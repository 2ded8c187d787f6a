#!/usr/bin/env node
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadCliConfig } from './config';
import { runDemo } from './demo.command';
import { runGenerate } from './generate.command';

const USAGE = `usage: cirtmesh <command> [options]

commands:
  demo      run the demo mesh (every hub and node as its own process) until Ctrl-C
            --mesh FILE   mesh file (default deploy/mesh.demo.yaml)
            --dir DIR     working directory (default .demo)
            --fresh       forget data and tokens from an earlier run
  generate  write every nats-server config and app env file for a mesh file, checked by nats-server
            --mesh FILE   mesh file (default deploy/mesh.demo.yaml)
            --out DIR     output directory (default .demo/generated)
  help      show this text

environment:
  MESH_BASE_PORT    first port the mesh uses (default 14300)
  NATS_SERVER_BIN   the nats-server binary (default nats-server on PATH)`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'demo': {
      const { values } = parseArgs({
        args: rest,
        options: {
          mesh: { type: 'string', default: 'deploy/mesh.demo.yaml' },
          dir: { type: 'string', default: '.demo' },
          fresh: { type: 'boolean', default: false },
        },
      });
      await runDemo({ meshFile: values.mesh, dir: values.dir, fresh: values.fresh }, loadCliConfig());
      return;
    }
    case 'generate': {
      const { values } = parseArgs({
        args: rest,
        options: { mesh: { type: 'string', default: 'deploy/mesh.demo.yaml' }, out: { type: 'string', default: '.demo/generated' } },
      });
      await runGenerate({ meshFile: values.mesh, out: values.out }, loadCliConfig());
      return;
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return;
    default:
      throw new Error(`unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`cirtmesh: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
