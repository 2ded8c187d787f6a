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
import { loadHubConfig } from './config';

const env = {
  CIRTMESH_HUB_ID: 'africa',
  CIRTMESH_HUB_ROLE: 'regional',
  CIRTMESH_MESH_FILE: join(__dirname, '../../../deploy/mesh.demo.yaml'),
  CIRTMESH_NATS_URL: 'nats://127.0.0.1:4300',
  CIRTMESH_NATS_CREDS: join(keyDir, 'app.creds'),
  CIRTMESH_HTTP_PORT: '8080',
  CIRTMESH_API_TOKEN: 'an-api-token-that-is-long',
  CIRTMESH_SIGNING_KEY_FILE: join(keyDir, 'key.pem'),
  CIRTMESH_SIGNING_KEY_ID: 'k-1',
  CIRTMESH_KEYRING_FILE: join(keyDir, 'keyring.yaml'),
};

describe(loadHubConfig.name, () => {
  it('knows a regional hub and the hub above it', () => {
    expect(loadHubConfig(env)).toMatchObject({ hubId: 'africa', role: 'regional', parent: 'global' });
  });

  it('refuses a role that contradicts the mesh file', () => {
    expect(() => loadHubConfig({ ...env, CIRTMESH_HUB_ROLE: 'global' })).toThrow(
      /africa is a regional hub in .*mesh.demo.yaml, not global/,
    );
  });

  it('refuses an unknown role', () => {
    expect(() => loadHubConfig({ ...env, CIRTMESH_HUB_ROLE: 'national' })).toThrow(/CIRTMESH_HUB_ROLE: must be regional or global/);
  });
});
