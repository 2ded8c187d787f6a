import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { renderNatsConfig } from './nats-config';
import type { MeshPlan, PartyPlan, ServerPlan } from './plan';

const run = promisify(execFile);

export function writeServerConfig(server: ServerPlan): void {
  mkdirSync(dirname(server.configPath), { recursive: true });
  mkdirSync(server.storeDir, { recursive: true });
  mkdirSync(dirname(server.logPath), { recursive: true });
  writeFileSync(server.configPath, renderNatsConfig(server), { mode: 0o600 });
}

/** The environment one app runs with, as the apps' config code validates it. */
export function partyEnv(plan: MeshPlan, party: PartyPlan): Record<string, string> {
  const common = {
    CIRTMESH_MESH_FILE: plan.meshFile,
    CIRTMESH_NATS_URL: party.natsUrl,
    CIRTMESH_NATS_TOKEN: party.natsToken,
    CIRTMESH_HTTP_PORT: String(party.httpPort),
    CIRTMESH_API_TOKEN: party.apiToken,
  };
  return party.kind === 'node'
    ? { ...common, CIRTMESH_NODE_ID: party.id }
    : { ...common, CIRTMESH_HUB_ID: party.id, CIRTMESH_HUB_ROLE: party.role };
}

export interface GeneratedFiles {
  natsConfigs: string[];
  envFiles: string[];
}

/** Writes every nats-server config and one env file per app under the plan's directory. */
export function writeMeshFiles(plan: MeshPlan): GeneratedFiles {
  const natsConfigs = plan.servers.map((server) => {
    writeServerConfig(server);
    return server.configPath;
  });
  const envFiles = plan.parties.map((party) => {
    const path = join(plan.dir, 'env', `${party.id}.env`);
    mkdirSync(dirname(path), { recursive: true });
    const lines = Object.entries(partyEnv(plan, party)).map(([k, v]) => `${k}=${v}`);
    writeFileSync(path, `# ${party.kind} ${party.id}: environment for apps/${party.kind}\n${lines.join('\n')}\n`, { mode: 0o600 });
    return path;
  });
  return { natsConfigs, envFiles };
}

/** Asks nats-server itself to parse a config (`-t`); resolves with its complaint, or undefined when valid. */
export async function testNatsConfig(natsServerBin: string, configPath: string): Promise<string | undefined> {
  try {
    await run(natsServerBin, ['-t', '-c', configPath]);
    return undefined;
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    return (e.stderr || e.stdout || e.message).trim();
  }
}
