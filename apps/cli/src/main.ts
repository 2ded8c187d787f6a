#!/usr/bin/env node
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadCliConfig, loadOperatorEnv } from './config';
import { runDemo } from './demo.command';
import { runGenerate } from './generate.command';
import { runKeyRevoke, runKeyRotate } from './key.command';
import { runLinkRevoke } from './link.command';
import { isOperatorCommand } from './operator-args';
import { describeError } from './errors';
import { processIo } from './io';
import { runOperatorCommand } from './operator.command';
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

operator commands (against one node's HTTP API; see docs/cli.md):
  submit    submit an alert: --title T --severity S --tlp L --category C [--scope S]
            [--description D] [--indicator type:value ...] [--recipient ID ...] [--group G ...]
            [--sector S ...] [--reference URL ...] [--valid-until ISO] [--not-before ISO]
            or --file FILE (one alert as JSON, or a JSON array to submit many; - reads stdin)
  tail      follow the node's live alert stream, resuming after every drop
            [--severity MIN] [--tlp L] [--category C] [--origin ID] [--direction sent|received]
            [--since ISO] [--last-event-id N]
  search VALUE     alerts with an indicator matching VALUE (domains match their subdomains,
                   addresses the CIDR blocks that hold them)
  search --q WORDS alerts whose title or description has every word [filters as for tail]
            [--limit N] [--cursor C]
  show ID   an alert with its deliveries, acks and sightings
  ack ID    tell the alert's origin you have acted   [--note T]
  sight ID  tell the alert's origin you see it too   --count N --first-seen ISO --last-seen ISO [--note T]
  status    the node's health, its link to its hub and what waits to go up or come down
            (exit status 3 when the node is not ok)
  every operator command takes:
            --url URL --token T --profile NAME   the node (else the environment, else a profile)
            --json        JSON instead of lines and tables
            --no-color    no colour (also NO_COLOR=1; never when stdout is not a terminal)
  exit status: 0 done, 1 the node refused or could not be reached, 2 bad usage or configuration

environment:
  MESH_BASE_PORT    first port the mesh uses (default 14300)
  NATS_SERVER_BIN   the nats-server binary (default nats-server on PATH)
  CIRTMESH_URL, CIRTMESH_TOKEN   the node for operator commands
  CIRTMESH_PROFILE               the profile to use (default: the file's "default")
  CIRTMESH_PROFILE_FILE          profiles (default ~/.config/cirtmesh/profiles.json):
                                 {"profiles": {"ke": {"url": "...", "token": "..."}}, "default": "ke"}
  NO_COLOR                       any value turns colour off`;

/** Operator commands end with their own exit status and one line on stderr when they fail. */
async function operator(command: Parameters<typeof runOperatorCommand>[0], args: string[]): Promise<void> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  // `tail` ends cleanly on Ctrl-C or SIGTERM; the other commands keep the default (they end at once).
  const stop = new AbortController();
  const abort = (): void => stop.abort();
  if (command === 'tail') {
    process.once('SIGINT', abort);
    process.once('SIGTERM', abort);
  }
  try {
    process.exitCode = await runOperatorCommand(command, args, () => loadOperatorEnv(), processIo(), stop.signal);
  } catch (error) {
    const { line, exit } = describeError(error);
    console.error(`cirtmesh: ${line}`);
    process.exitCode = exit;
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (isOperatorCommand(command)) return operator(command, rest);
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
