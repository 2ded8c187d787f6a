import { ConfigError } from '@cirtmesh/config';
import { generateSigningKey } from '@cirtmesh/crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const keyDir = mkdtempSync(join(tmpdir(), 'cirtmesh-config-'));
writeFileSync(join(keyDir, 'key.pem'), generateSigningKey('k-1').privatePem);
writeFileSync(
  join(keyDir, 'app.creds'),
  '-----BEGIN NATS USER JWT-----\neyJ0\n------END NATS USER JWT------\n-----BEGIN USER NKEY SEED-----\nSUAB\n------END USER NKEY SEED------\n',
);
import { loadNodeConfig } from './config';

const meshFile = join(__dirname, '../../../deploy/mesh.demo.yaml');
const good = {
  CIRTMESH_NODE_ID: 'ke',
  CIRTMESH_MESH_FILE: meshFile,
  CIRTMESH_NATS_URL: 'nats://127.0.0.1:4300',
  CIRTMESH_NATS_CREDS: join(keyDir, 'app.creds'),
  CIRTMESH_HTTP_PORT: '8080',
  CIRTMESH_API_TOKEN: 'an-api-token-that-is-long',
  CIRTMESH_SIGNING_KEY_FILE: join(keyDir, 'key.pem'),
  CIRTMESH_SIGNING_KEY_ID: 'k-1',
  CIRTMESH_KEYRING_FILE: join(keyDir, 'keyring.yaml'),
};

describe(loadNodeConfig.name, () => {
  it('builds a typed config with the node region from the mesh file', () => {
    const config = loadNodeConfig(good);
    expect(config).toMatchObject({ nodeId: 'ke', region: 'africa', hopLimit: 4, http: { host: '127.0.0.1', port: 8080 } });
  });

  it('names every missing or bad variable at once', () => {
    try {
      loadNodeConfig({ ...good, CIRTMESH_NATS_URL: 'localhost', CIRTMESH_API_TOKEN: 'short', CIRTMESH_HTTP_PORT: undefined });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const text = (error as ConfigError).problems.join('\n');
      expect(text).toMatch(/CIRTMESH_NATS_URL/);
      expect(text).toMatch(/CIRTMESH_API_TOKEN/);
      expect(text).toMatch(/CIRTMESH_HTTP_PORT/);
    }
  });

  it('refuses a node id the mesh file does not have', () => {
    expect(() => loadNodeConfig({ ...good, CIRTMESH_NODE_ID: 'fr' })).toThrow(/fr is not a node/);
  });

  it('keeps the in-memory archive by default, with the default retention per TLP', () => {
    const { archive } = loadNodeConfig(good);
    expect(archive.mongoUri).toBeUndefined();
    expect(archive.retention).toMatchObject({ RED: 90 * 86_400_000, CLEAR: null });
  });

  it('takes a MongoDB URI and a retention per TLP, and names a bad one', () => {
    const { archive } = loadNodeConfig({
      ...good,
      MONGODB_URI: 'mongodb://mongo:27017/cirtmesh-ke',
      CIRTMESH_RETENTION: 'RED=7d, clear=30d',
    });
    expect(archive).toMatchObject({
      mongoUri: 'mongodb://mongo:27017/cirtmesh-ke',
      retention: { RED: 7 * 86_400_000, CLEAR: 30 * 86_400_000, AMBER: 365 * 86_400_000 },
    });
    expect(() => loadNodeConfig({ ...good, MONGODB_URI: 'postgres://db' })).toThrow(/MONGODB_URI/);
    expect(() => loadNodeConfig({ ...good, CIRTMESH_RETENTION: 'PURPLE=1d' })).toThrow(/CIRTMESH_RETENTION: "PURPLE=1d"/);
    expect(() => loadNodeConfig({ ...good, CIRTMESH_RETENTION: 'RED=soon' })).toThrow(/such as 30d/);
  });

  it('reads who is in the mesh from a mesh file with its keyring, or from a federation directory, not both and not neither', () => {
    const neither: Record<string, string | undefined> = { ...good, CIRTMESH_MESH_FILE: undefined, CIRTMESH_KEYRING_FILE: undefined };
    expect(() => loadNodeConfig(neither)).toThrow(/CIRTMESH_MESH_FILE: required \(or CIRTMESH_DIRECTORY_FILE/);
    expect(() => loadNodeConfig({ ...good, CIRTMESH_DIRECTORY_FILE: join(keyDir, 'directory.json') })).toThrow(
      /give it alone, or CIRTMESH_MESH_FILE with CIRTMESH_KEYRING_FILE, not both/,
    );
    writeFileSync(join(keyDir, 'directory.json'), '{"sections": []}');
    expect(() => loadNodeConfig({ ...neither, CIRTMESH_DIRECTORY_FILE: join(keyDir, 'directory.json') })).toThrow(
      /directory.json is not a directory \(it needs authority and sections\)/,
    );
  });
});
