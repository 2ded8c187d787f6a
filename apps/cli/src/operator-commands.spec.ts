import { UsageError } from './errors';
import { parseCommandLine } from './program';
import { batches, parseIndicator, parseSubmitFile } from './submit.command';

/** What a command line asks for, as its command's action hands it over. */
const parse = (...argv: string[]): object | undefined => parseCommandLine(argv, () => undefined)?.request;

describe('the operator commands on the command line', () => {
  it('builds a submission from flags: repeatable indicators, comma lists, TLP in any case', () => {
    const alert = ['--title', 'Emotet wave', '--severity', 'high', '--tlp', 'amber', '--category', 'malware', '--scope', 'global'];
    const indicators = ['--indicator', 'ipv4:192.0.2.7', '--indicator', 'url:https://evil.example/a:b'];
    const recipients = ['--recipient', 'jp,ng', '--recipient', 'za', '--group', 'mou-ke-jp'];
    const argv = ['submit', ...alert, ...indicators, ...recipients, '--url', 'http://127.0.0.1:1', '--json'];
    const invocation = parseCommandLine(argv, () => undefined);
    expect(invocation?.command).toBe('submit');
    expect(invocation?.request).toEqual({
      connection: { url: 'http://127.0.0.1:1', token: undefined, profile: undefined },
      json: true,
      noColor: false,
      source: {
        kind: 'flags',
        submission: {
          indicators: [
            { type: 'ipv4', value: '192.0.2.7' },
            { type: 'url', value: 'https://evil.example/a:b' },
          ],
          recipients: ['jp', 'ng', 'za'],
          groups: ['mou-ke-jp'],
          title: 'Emotet wave',
          severity: 'high',
          tlp: 'AMBER',
          category: 'malware',
          scope: 'global',
        },
      },
    });
  });

  it('names every missing flag of submit, and refuses --file mixed with alert flags', () => {
    expect(() => parse('submit', '--title', 'x')).toThrow(
      new UsageError('submit needs --severity, --tlp, --category (or --file FILE with the alert as JSON)'),
    );
    expect(() => parse('submit', '--file', 'a.json', '--title', 'x')).toThrow('submit: --file cannot be combined with --title');
    expect(parse('submit', '-f', 'a.json')).toMatchObject({ source: { kind: 'file', path: 'a.json' } });
  });

  it('turns parse errors into usage errors that name the command', () => {
    expect(() => parse('status', '--bogus')).toThrow(UsageError);
    expect(() => parse('status', '--bogus')).toThrow(/^status: unknown option '--bogus'$/);
    expect(() => parse('status', '--jsn')).toThrow("status: unknown option '--jsn' (did you mean --json?)");
    expect(() => parse('show', 'a', 'b')).toThrow('show: unexpected argument "b"');
    expect(() => parse('show')).toThrow(new UsageError('show needs the alert id: cirtmesh show ID'));
    expect(() => parse('ack', '--note')).toThrow(UsageError);
    expect(() => parse('ack', 'x', '--note')).toThrow("ack: option '--note <T>' argument missing");
  });

  it('reads tail filters, and checks --last-event-id', () => {
    expect(parse('tail', '--severity', 'high', '--tlp', 'green', '--origin', 'ke', '--direction', 'received', '--no-color')).toMatchObject({
      filter: { severity: 'high', tlp: 'GREEN', origin: 'ke', direction: 'received' },
      noColor: true,
      lastEventId: undefined,
    });
    expect(parse('tail', '--last-event-id', '42')).toMatchObject({ filter: {}, lastEventId: '42' });
    expect(() => parse('tail', '--last-event-id', 'x')).toThrow(new UsageError('--last-event-id must be an event id (a number)'));
  });

  it('tells indicator search from text search, and takes one or the other', () => {
    expect(parse('search', 'evil.example', '--limit', '10')).toMatchObject({
      search: { kind: 'indicator', value: 'evil.example' },
      limit: 10,
    });
    expect(parse('search', '--q', ' emotet wave ', '--severity', 'high')).toMatchObject({
      search: { kind: 'text', q: 'emotet wave', filter: { severity: 'high' } },
      limit: undefined,
    });
    expect(() => parse('search', 'x', '--q', 'y')).toThrow(/not both/);
    expect(() => parse('search')).toThrow(/search needs a VALUE/);
    expect(() => parse('search', 'x', '--tlp', 'RED')).toThrow('search VALUE does not take --tlp: they go with --q');
    expect(() => parse('search', 'x', '--limit', '0')).toThrow('--limit must be a whole number from 1 to 500');
  });

  it('reads ack and sight', () => {
    expect(parseCommandLine(['ack', '0190', '--note', 'blocked'], () => undefined)).toMatchObject({
      command: 'ack',
      request: { id: '0190', note: 'blocked' },
    });
    expect(
      parse('sight', '0190', '--count', '3', '--first-seen', '2026-11-20T10:00:00Z', '--last-seen', '2026-11-20T12:00:00Z'),
    ).toMatchObject({ sighting: { count: 3, firstSeen: '2026-11-20T10:00:00Z', lastSeen: '2026-11-20T12:00:00Z' } });
    expect(() => parse('sight', '0190', '--count', '3')).toThrow(new UsageError('sight needs --first-seen, --last-seen'));
    expect(() => parse('sight', '0190', '--count', '-1', '--first-seen', 'a', '--last-seen', 'b')).toThrow(UsageError);
    expect(() => parse('sight', '0190', '--count', '2.5', '--first-seen', 'a', '--last-seen', 'b')).toThrow(
      /--count must be a whole number/,
    );
  });
});

describe('import and export on the command line', () => {
  it('reads import: the file, the format when given, and comma lists of recipients and groups', () => {
    expect(parse('import', 'bundle.json')).toMatchObject({ path: 'bundle.json', format: undefined, options: {} });
    const argv = [
      'import',
      '-',
      '--format',
      'misp',
      '--scope',
      'global',
      '--recipients',
      'jp,my',
      '--recipients',
      'za',
      '--groups',
      'mou-ke-jp',
    ];
    expect(parse(...argv)).toMatchObject({
      path: '-',
      format: 'misp',
      options: { scope: 'global', recipients: ['jp', 'my', 'za'], groups: ['mou-ke-jp'] },
    });
    expect(() => parse('import')).toThrow(new UsageError('import needs the file to import (- for standard input): cirtmesh import FILE'));
    expect(() => parse('import', 'a.json', '--format', 'csv')).toThrow(
      new UsageError("import: option '--format <FORMAT>' argument 'csv' is invalid. Allowed choices are stix, misp, xarf, arf."),
    );
  });

  it('reads export: the alert id, a format that is required, and the file to write', () => {
    expect(parse('export', '0190', '--format', 'stix')).toEqual({
      connection: { url: undefined, token: undefined, profile: undefined },
      json: false,
      noColor: false,
      id: '0190',
      format: 'stix',
    });
    expect(parse('export', '0190', '--format', 'misp', '--out', 'e.json')).toMatchObject({ format: 'misp', out: 'e.json' });
    expect(() => parse('export')).toThrow(new UsageError('export needs the alert id: cirtmesh export ALERT_ID'));
    expect(() => parse('export', '0190')).toThrow(new UsageError('export needs --format stix or misp'));
    expect(() => parse('export', '0190', '--format', 'arf')).toThrow(/^export: option '--format <FORMAT>' argument 'arf' is invalid/);
  });
});

describe(parseIndicator.name, () => {
  it('splits at the first colon and refuses a value without a type', () => {
    expect(parseIndicator('IPv6:2001:db8::1')).toEqual({ type: 'ipv6', value: '2001:db8::1' });
    expect(() => parseIndicator('192.0.2.7')).toThrow(/must be type:value/);
    expect(() => parseIndicator('ipv4:')).toThrow(/must be type:value/);
  });
});

describe(parseSubmitFile.name, () => {
  it('splits a bulk submit into batches by count and by size, keeping an oversized item on its own', () => {
    const items = Array.from({ length: 7 }, (_, i) => ({ title: i === 4 ? 'x'.repeat(100) : `t${i}` }));
    expect(batches(items, 3, 60)).toEqual([
      { from: 0, to: 3 },
      { from: 3, to: 4 },
      { from: 4, to: 5 },
      { from: 5, to: 7 },
    ]);
    expect(batches([], 3, 60)).toEqual([]);
  });

  it('tells one alert from a bulk submit, and names a broken file', () => {
    expect(parseSubmitFile('a.json', '{"title":"x"}')).toEqual({ bulk: false, items: [{ title: 'x' }] });
    expect(parseSubmitFile('a.json', '[{"title":"x"},{"title":"y"}]')).toEqual({ bulk: true, items: [{ title: 'x' }, { title: 'y' }] });
    expect(() => parseSubmitFile('a.json', '{"title":')).toThrow(/^a\.json is not valid JSON: /);
    expect(() => parseSubmitFile('a.json', '"x"')).toThrow('a.json must hold an alert (a JSON object) or a list of them (a JSON array)');
  });
});
