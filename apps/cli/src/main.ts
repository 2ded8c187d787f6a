#!/usr/bin/env node
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadCliConfig } from './config';
import { runDemo } from './demo.command';
import { runGenerate } from './generate.command';
import { runKeyRevoke, runKeyRotate } from './key.command';
import { runLinkRevoke } from './link.command';
import { runPolicyCheck, runPolicyExplain } from './policy.command';
import { runTokenCreate } from './token.command';

const USAGE = `usage: cirtmesh <command> [options]

commands:
  demo      run the demo mesh (every hub and node as its own process) until Ctrl-C
            --mesh FILE   mesh file (default deploy/mesh.demo.yaml)
            --dir DIR     working directory (default .demo)
            --fresh       forget data and tokens from an earlier run
  generate  write every nats-server config and app env file for a mesh file, checked by nats-server
            --mesh FILE   mesh file (default deploy/mesh.demo.yaml)
            --out DIR     output directory (default .demo/generated)
  policy check     lint every policy the mesh file names (exit status 1 on errors)
            --mesh FILE   mesh file (default deploy/mesh.demo.yaml)
  policy explain   the decision a hub would make for one alert and one recipient, and why
            --hub ID --origin NODE --recipient ID --alert FILE|JSON [--policy FILE] [--json]
  token create     a new API token: prints it once, and the line (with its hash) for a tokens file
            --name NAME --roles submit,read,admin
  key rotate       a new signing key for a party; the old one stays valid for the overlap
            --party ID [--dir .demo] [--overlap 24h]
  key revoke       revoke a party's key (default: the one it signs with now)
            --party ID [--kid KEY] [--dir .demo]
  link revoke      cut a member off its hub at the broker: its leaf credentials are revoked and
                   the hub's nats-server reloads, closing the link and refusing it from then on
            --member ID [--dir .demo]
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
    case 'policy': {
      const [sub, ...args] = rest;
      const { values } = parseArgs({
        args,
        options: {
          mesh: { type: 'string', default: 'deploy/mesh.demo.yaml' },
          hub: { type: 'string' },
          origin: { type: 'string' },
          recipient: { type: 'string' },
          alert: { type: 'string' },
          policy: { type: 'string' },
          json: { type: 'boolean', default: false },
        },
      });
      if (sub === 'check') {
        process.exitCode = runPolicyCheck(values.mesh);
        return;
      }
      if (sub === 'explain') {
        const missing = (['hub', 'origin', 'recipient', 'alert'] as const).filter((k) => !values[k]);
        if (missing.length > 0) throw new Error(`policy explain needs ${missing.map((k) => `--${k}`).join(', ')}`);
        runPolicyExplain({
          meshFile: values.mesh,
          hub: values.hub!,
          origin: values.origin!,
          recipient: values.recipient!,
          alert: values.alert!,
          policy: values.policy,
          json: values.json,
        });
        return;
      }
      throw new Error(`unknown policy command "${sub ?? ''}": use policy check or policy explain`);
    }
    case 'token': {
      const [sub, ...args] = rest;
      const { values } = parseArgs({ args, options: { name: { type: 'string' }, roles: { type: 'string' } } });
      if (sub !== 'create') throw new Error(`unknown token command "${sub ?? ''}": use token create`);
      console.log(runTokenCreate(values.name, values.roles));
      return;
    }
    case 'key': {
      const [sub, ...args] = rest;
      const { values } = parseArgs({
        args,
        options: {
          party: { type: 'string' },
          kid: { type: 'string' },
          dir: { type: 'string', default: '.demo' },
          overlap: { type: 'string', default: '24h' },
        },
      });
      if (!values.party) throw new Error('key commands need --party');
      if (sub === 'rotate') console.log(runKeyRotate(values.dir, values.party, values.overlap));
      else if (sub === 'revoke') console.log(runKeyRevoke(values.dir, values.party, values.kid));
      else throw new Error(`unknown key command "${sub ?? ''}": use key rotate or key revoke`);
      return;
    }
    case 'link': {
      const [sub, ...args] = rest;
      const { values } = parseArgs({ args, options: { member: { type: 'string' }, dir: { type: 'string', default: '.demo' } } });
      if (sub !== 'revoke') throw new Error(`unknown link command "${sub ?? ''}": use link revoke`);
      if (!values.member) throw new Error('link revoke needs --member');
      console.log(await runLinkRevoke(values.dir, values.member));
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
