import { HUB_CERTIFICATE } from '@cirtmesh/federation';
import { importBundle, importCertificate } from '@cirtmesh/parties';
import { PartyRunner, type PartyEndpoint } from '@cirtmesh/runner';
import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import type { CliContext, Invoke } from './context';
import { EXIT } from './errors';
import { readDocument } from './documents';
import { invokes, positiveInt, prints, requireFlags } from './options';

type RunFlags = {
  dir: string;
  bundle?: string;
  httpPort?: string;
  natsPort?: string;
  smtpPort?: string;
  leafPort?: string;
  leafUrl?: string;
};

const portOption = (flag: string, what: string): Option =>
  new Option(`--${flag} <PORT>`, `${what} (default: the port of the last run, or a free one)`);

/** Takes in what another party sent: a hub's certificate from the authority, or a bundle from the hub above. */
function importDocument(dir: string, file: string): string {
  const document = readDocument(file);
  if ((document as { type?: unknown } | null)?.type === HUB_CERTIFICATE) {
    const certificate = importCertificate(resolve(dir), document);
    return `${certificate.hub.id}: certificate of the mesh authority taken in`;
  }
  const bundle = importBundle(resolve(dir), document);
  return `${bundle.member.id}: bundle from hub ${bundle.hub} taken in`;
}

/** Runs the party until Ctrl-C or SIGTERM, then stops its app and its nats-server. */
async function runParty(context: CliContext, flags: RunFlags): Promise<number> {
  const { io } = context;
  if (flags.bundle) io.err(`cirtmesh: ${importDocument(flags.dir, flags.bundle)}`);
  const config = context.cliConfig();
  const ports = {
    client: positiveInt('nats-port', flags.natsPort, 65535),
    http: positiveInt('http-port', flags.httpPort, 65535),
    smtp: positiveInt('smtp-port', flags.smtpPort, 65535),
    leaf: positiveInt('leaf-port', flags.leafPort, 65535),
  };
  const runner = await PartyRunner.start(resolve(flags.dir), {
    ports: Object.fromEntries(Object.entries(ports).filter(([, v]) => v !== undefined)),
    upstreamUrl: flags.leafUrl,
    natsServerBin: config.natsServerBin,
    env: config.appEnv,
    onProgress: (line) => io.err(`cirtmesh: ${line}`),
  });
  const endpoint: PartyEndpoint = runner.endpoint;
  io.out(JSON.stringify(endpoint));
  await context.untilStopped((signal) => new Promise<void>((done) => signal.addEventListener('abort', () => done(), { once: true })));
  io.err(`cirtmesh: stopping ${endpoint.id}`);
  await runner.stop();
  return EXIT.ok;
}

function runCommand(kind: 'node' | 'hub', invoke: Invoke): Command {
  const command = new Command('run')
    .description(`run the ${kind} from its own directory: its nats-server and its app, supervised together, until Ctrl-C`)
    .addOption(new Option('--dir <DIR>', `the ${kind}'s own directory (required)`))
    .option(
      '--bundle <FILE>',
      kind === 'node'
        ? 'the bundle from its hub, taken in on the first run'
        : "the authority's certified.json or the global hub's bundle, taken in first",
    )
    .addOption(portOption('http-port', 'the API port'))
    .addOption(portOption('nats-port', "its nats-server's client port"))
    .option('--leaf-url <URL>', "where the hub above takes leaf links, when the bundle's address is not right from here");
  if (kind === 'node') command.addOption(portOption('smtp-port', 'the abuse mailbox port'));
  else command.addOption(portOption('leaf-port', "where members' nats-servers join"));
  return invokes(command, invoke, () => {
    requireFlags(command, ['--dir'], () => `${kind} run needs --dir`);
    const flags = command.opts<RunFlags>();
    return { request: flags, run: (context) => runParty(context, flags) };
  });
}

/** `cirtmesh node run --dir DIR [--bundle bundle.json]` */
export function nodeCommand(invoke: Invoke): Command {
  return new Command('node').description("a national CIRT's node, from its own directory").addCommand(runCommand('node', invoke));
}

/** `cirtmesh hub run --dir DIR [--bundle FILE]` and `cirtmesh hub import --dir DIR --bundle FILE` */
export function hubCommand(invoke: Invoke): Command {
  const importing = new Command('import')
    .description("take in the hub's certificate from the mesh authority, or its bundle from the global hub, without running it")
    .addOption(new Option('--dir <DIR>', "the hub's own directory (required)"))
    .option('--bundle <FILE>', 'the certified.json or bundle.json (required)');
  return new Command('hub')
    .description('a hub, from its own directory')
    .addCommand(runCommand('hub', invoke))
    .addCommand(
      invokes(importing, invoke, () => {
        requireFlags(importing, ['--dir', '--bundle'], (missing) => `hub import needs ${missing}`);
        const { dir, bundle } = importing.opts<{ dir: string; bundle: string }>();
        return { request: { dir, bundle }, run: prints(() => importDocument(dir, bundle)) };
      }),
    );
}
