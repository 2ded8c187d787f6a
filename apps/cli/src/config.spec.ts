import { ConfigError } from '@cirtmesh/config';
import { loadOperatorEnv } from './config';

describe(loadOperatorEnv.name, () => {
  it('reads the operator variables, with the profile file under HOME by default', () => {
    expect(loadOperatorEnv({ HOME: '/home/analyst', CIRTMESH_URL: 'http://127.0.0.1:14308', CIRTMESH_TOKEN: 't', NO_COLOR: '1' })).toEqual({
      url: 'http://127.0.0.1:14308',
      token: 't',
      profile: undefined,
      profileFile: '/home/analyst/.config/cirtmesh/profiles.json',
      profileFileIsDefault: true,
      noColor: true,
    });
    expect(
      loadOperatorEnv({ HOME: '/h', CIRTMESH_PROFILE_FILE: 'p.json', CIRTMESH_PROFILE: 'jp', NO_COLOR: '', CIRTMESH_TOKEN: '' }),
    ).toMatchObject({
      token: undefined,
      profile: 'jp',
      profileFile: 'p.json',
      profileFileIsDefault: false,
      noColor: false,
    });
  });

  it('refuses a URL that is not http or https, naming the variable', () => {
    expect(() => loadOperatorEnv({ CIRTMESH_URL: 'ftp://x' })).toThrow(ConfigError);
    expect(() => loadOperatorEnv({ CIRTMESH_URL: 'ftp://x' })).toThrow(/CIRTMESH_URL: must be an http or https URL/);
    expect(loadOperatorEnv({ CIRTMESH_URL: '' }).url).toBeUndefined();
  });
});
