import { runTokenCreate } from './token.command';
import { UsageError } from './errors';
import { parseCommandLine } from './program';

/** Parses a command line; `help` collects the help it shows. */
function parse(...argv: string[]): { request?: object; command?: string; help: string } {
  let help = '';
  const invocation = parseCommandLine(argv, (text) => (help += `${text}\n`));
  return { request: invocation?.request, command: invocation?.command, help };
}

describe(parseCommandLine.name, () => {
  it('shows the help generated from the commands, for the program and for each command, and runs nothing', () => {
    for (const argv of [[], ['help'], ['--help'], ['-h']]) {
      const { command, help } = parse(...argv);
      expect(command).toBeUndefined();
      expect(help).toMatch(/^Usage: cirtmesh <command> \[options\]\n/);
      expect(help).toMatch(/^ {2}policy +lint the mesh's policies/m);
      expect(help).toMatch(/^Operator commands, against one node's HTTP API:\n {2}submit \[options\] +submit one alert/m);
      expect(help).toMatch(/^ {2}CIRTMESH_PROFILE_FILE +the profile file/m);
      expect(help).toMatch(/^ {2}import \[options\] <FILE> +import a STIX 2\.1 bundle/m);
      expect(help).toMatch(/^ {2}export \[options\] <ALERT_ID> +an alert as a STIX 2\.1 bundle or a MISP event/m);
    }
    for (const argv of [
      ['help', 'sight'],
      ['sight', '--help'],
      ['sight', 'x', '-h'],
    ]) {
      const { help } = parse(...argv);
      expect(help).toMatch(/^Usage: cirtmesh sight \[options\] <ID>\n/);
      expect(help).toMatch(/^ {2}--first-seen <ISO> +when you saw it first/m);
      expect(help).toMatch(/^Which node, and the output:\n {2}--url <URL> /m);
    }
    expect(parse('policy', 'help', 'explain').help).toMatch(/^Usage: cirtmesh policy explain \[options\]\n/);
    expect(parse('key', 'rotate', '--help').help).toMatch(
      /^ {2}--overlap <DURATION> +how long the old key stays valid[^]*\(default: "24h"\)/m,
    );
  });

  it('says in one line what is wrong with a command, or a group of them', () => {
    expect(() => parse('bogus')).toThrow(new UsageError('unknown command "bogus": see cirtmesh help'));
    expect(() => parse('submt')).toThrow('unknown command "submt" (did you mean submit?): see cirtmesh help');
    expect(() => parse('help', 'bogus')).toThrow('unknown command "bogus": see cirtmesh help');
    expect(() => parse('--bogus')).toThrow("unknown option '--bogus'");
    expect(() => parse('policy')).toThrow(new UsageError('unknown policy command "": use policy check or policy explain'));
    expect(() => parse('key', 'bogus')).toThrow('unknown key command "bogus": use key rotate or key revoke');
    expect(() => parse('token', 'help', 'bogus')).toThrow('unknown token command "bogus": use token create');
    expect(() => parse('demo', '--bogus')).toThrow(new UsageError("demo: unknown option '--bogus'"));
    expect(() => parse('generate', 'extra')).toThrow('generate: unexpected argument "extra"');
    expect(() => parse('policy', 'explain', '--mesh')).toThrow("policy explain: option '--mesh <FILE>' argument missing");
  });

  it('reads the commands that run the mesh and manage it, with their defaults', () => {
    expect(parse('demo')).toMatchObject({ command: 'demo', request: { meshFile: 'deploy/mesh.demo.yaml', dir: '.demo', fresh: false } });
    expect(parse('demo', '--mesh', 'm.yaml', '--dir', 'd', '--fresh').request).toEqual({ meshFile: 'm.yaml', dir: 'd', fresh: true });
    expect(parse('generate').request).toEqual({ meshFile: 'deploy/mesh.demo.yaml', out: '.demo/generated' });
    expect(parse('policy', 'check')).toMatchObject({ command: 'policy check', request: { meshFile: 'deploy/mesh.demo.yaml' } });
    const explain = ['policy', 'explain', '--hub', 'africa', '--origin', 'ke', '--recipient', 'ng', '--alert', '{}', '--json'];
    expect(parse(...explain).request).toEqual({
      meshFile: 'deploy/mesh.demo.yaml',
      hub: 'africa',
      origin: 'ke',
      recipient: 'ng',
      alert: '{}',
      json: true,
    });
    expect(() => parse('policy', 'explain', '--hub', 'africa', '--recipient', 'ng')).toThrow(
      new UsageError('policy explain needs --origin, --alert'),
    );
    expect(parse('token', 'create', '--name', 'soc', '--roles', 'read')).toMatchObject({
      command: 'token create',
      request: { name: 'soc', roles: 'read' },
    });
    expect(parse('token', 'create', '--name', 'siem', '--roles', 'read', '--max-tlp', 'GREEN').request).toMatchObject({ maxTlp: 'GREEN' });
    expect(parse('key', 'rotate', '--party', 'ke').request).toEqual({ dir: '.demo', party: 'ke', overlap: '24h' });
    expect(parse('key', 'revoke', '--party', 'ke', '--kid', 'ke-1', '--dir', 'd').request).toEqual({ dir: 'd', party: 'ke', kid: 'ke-1' });
    expect(() => parse('key', 'revoke', '--kid', 'ke-1')).toThrow(new UsageError('key commands need --party'));
    expect(parse('link', 'revoke', '--member', 'ke').request).toEqual({ member: 'ke', dir: '.demo' });
    expect(() => parse('link', 'revoke')).toThrow(new UsageError('link revoke needs --member'));
  });
});

describe(runTokenCreate.name, () => {
  it('prints a tokens-file line with the ceiling, and refuses a ceiling that is not a TLP', () => {
    expect(runTokenCreate('siem', 'read', 'GREEN')).toMatch(/roles: \[read\], maxTlp: GREEN \}$/m);
    expect(runTokenCreate('ops', 'admin')).not.toMatch(/maxTlp/);
    expect(() => runTokenCreate('siem', 'read', 'PURPLE')).toThrow('--max-tlp must be one of CLEAR, GREEN, AMBER, AMBER+STRICT, RED');
  });
});
