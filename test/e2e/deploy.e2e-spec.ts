import { natsServerBinary } from '@cirtmesh/testing';
import { packageRoot } from '@cirtmesh/config';
import { testNatsConfig } from '@cirtmesh/topology';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { loadNodeConfig } from '../../apps/node/src/config';

const root = packageRoot(__dirname);
const cli = join(root, 'dist', 'apps', 'cli', 'src', 'main.js');
const meshFile = join(root, 'deploy', 'mesh.demo.yaml');
const composeFile = join(root, 'deploy', 'compose', 'node-mongodb.yaml');
const run = promisify(execFile);

interface Service {
  image?: string;
  command?: string[];
  network_mode?: string;
  env_file?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  build?: { context: string; dockerfile: string };
  healthcheck?: { test: string[] };
}

/** Compose's variable forms: ${VAR}, ${VAR:-default} and ${VAR:?message}. */
function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([A-Z_]+)(?::([-?])((?:[^}$]|\$\{[^}]*\})*))?\}/g, (_, name: string, op?: string, rest?: string) => {
    const value = vars[name];
    if (value !== undefined && value !== '') return value;
    if (op === '-') return interpolate(rest ?? '', vars);
    if (op === '?') throw new Error(`${name}: ${rest}`);
    return '';
  });
}

function envFile(path: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m) env[m[1]] = m[2];
  }
  return env;
}

/**
 * No container engine runs on the CI machines, so the compose deployment is checked as far as it
 * can be without one: the generated configs it mounts, the nats-server config it starts, and the
 * node environment it builds (MongoDB archive included), validated by the node's own config loader.
 */
describe('deploy: a node with its archive on MongoDB, through compose', () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cirtmesh-deploy-'));
    await run(process.execPath, [cli, 'generate', '--mesh', meshFile, '--out', dir], { env: { PATH: process.env.PATH } });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const compose = (vars: Record<string, string>): { services: Record<string, Service> } =>
    parse(interpolate(readFileSync(composeFile, 'utf8'), vars)) as { services: Record<string, Service> };

  it('refuses to start without the node id', () => {
    expect(() => compose({ CIRTMESH_DIR: dir })).toThrow(/CIRTMESH_NODE: set CIRTMESH_NODE to the node id/);
  });

  it("starts the node's nats-server with its generated config, which nats-server accepts", async () => {
    const { services } = compose({ CIRTMESH_DIR: dir, CIRTMESH_NODE: 'ke' });
    const [flag, config] = services.nats.command!;
    expect(flag).toBe('-c');
    expect(config).toBe(join(dir, 'nats', 'ke.conf'));
    expect(await testNatsConfig(natsServerBinary(), config)).toBeUndefined();
    expect(services.nats.volumes).toContain(`${dir}:${dir}`);
    expect(services.node.environment?.CIRTMESH_MESH_FILE).toBe(join(dir, 'mesh', 'mesh.yaml'));
  });

  it('gives the node an environment its config loader accepts, with the MongoDB archive selected', () => {
    const { services } = compose({ CIRTMESH_DIR: dir, CIRTMESH_NODE: 'ke', CIRTMESH_MESH_FILE: meshFile });
    const node = services.node;
    const env = { ...envFile(node.env_file![0]), ...node.environment };
    const config = loadNodeConfig(env);
    expect(config).toMatchObject({ nodeId: 'ke', http: { host: '0.0.0.0', port: 8080 } });
    expect(config.archive.mongoUri).toBe('mongodb://mongo:27017/cirtmesh-ke');
    expect(config.archive.retention.RED).toBe(90 * 86_400_000);
    // The node reaches its nats-server on 127.0.0.1 by sharing that container's network, which publishes the API.
    expect(node.network_mode).toBe('service:nats');
    expect(services.nats.ports).toEqual(['8080:8080']);
    expect(node.depends_on?.mongo.condition).toBe('service_healthy');
    expect(services.mongo.healthcheck?.test.join(' ')).toMatch(/ping/);
  });

  it('builds the app image from the repository with the Dockerfile it names', () => {
    const { services } = compose({ CIRTMESH_DIR: dir, CIRTMESH_NODE: 'ke' });
    const build = services.node.build!;
    const dockerfile = join(root, 'deploy', 'compose', build.context, build.dockerfile);
    expect(existsSync(dockerfile)).toBe(true);
    const text = readFileSync(dockerfile, 'utf8');
    expect(text).toMatch(/npm ci/);
    expect(text).toMatch(/npm run build/);
    expect(text).toMatch(/USER node/);
    expect(existsSync(join(root, 'dist', 'apps', 'node', 'src', 'main.js'))).toBe(true);
  });
});
