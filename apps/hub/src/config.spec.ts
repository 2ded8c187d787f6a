import { join } from 'node:path';
import { loadHubConfig } from './config';

const env = {
  CIRTMESH_HUB_ID: 'africa',
  CIRTMESH_HUB_ROLE: 'regional',
  CIRTMESH_MESH_FILE: join(__dirname, '../../../deploy/mesh.demo.yaml'),
  CIRTMESH_NATS_URL: 'nats://127.0.0.1:4300',
  CIRTMESH_NATS_TOKEN: 'a-nats-password-of-length',
  CIRTMESH_HTTP_PORT: '8080',
  CIRTMESH_API_TOKEN: 'an-api-token-that-is-long',
};

describe(loadHubConfig.name, () => {
  it('knows a regional hub and the hub above it', () => {
    expect(loadHubConfig(env)).toMatchObject({ hubId: 'africa', role: 'regional', parent: 'global' });
  });

  it('refuses a role that contradicts the mesh file', () => {
    expect(() => loadHubConfig({ ...env, CIRTMESH_HUB_ROLE: 'global' })).toThrow(/africa is a regional hub in the mesh file/);
  });

  it('refuses an unknown role', () => {
    expect(() => loadHubConfig({ ...env, CIRTMESH_HUB_ROLE: 'national' })).toThrow(/CIRTMESH_HUB_ROLE: must be regional or global/);
  });
});
