import { parseIndicator, parseOperatorArgs, parseSubmitFile } from './operator-args';
import { UsageError } from './errors';

describe(parseOperatorArgs.name, () => {
  it('builds a submission from flags: repeatable indicators, comma lists, TLP in any case', () => {
    const command = parseOperatorArgs('submit', [
      '--title',
      'Emotet wave',
      '--severity',
      'high',
      '--tlp',
      'amber',
      '--category',
      'malware',
      '--scope',
      'global',
      '--indicator',
      'ipv4:192.0.2.7',
      '--indicator',
      'url:https://evil.example/a:b',
      '--recipient',
      'jp,ng',
      '--recipient',
      'za',
      '--group',
      'mou-ke-jp',
      '--url',
      'http://127.0.0.1:1',
      '--json',
    ]);
    expect(command).toEqual({
      name: 'submit',
      connection: { url: 'http://127.0.0.1:1', token: undefined, profile: undefined },
      json: true,
      noColor: false,
      source: {
        kind: 'flags',
        submission: {
          title: 'Emotet wave',
          severity: 'high',
          tlp: 'AMBER',
          category: 'malware',
          scope: 'global',
          indicators: [
            { type: 'ipv4', value: '192.0.2.7' },
            { type: 'url', value: 'https://evil.example/a:b' },
          ],
          recipients: ['jp', 'ng', 'za'],
          groups: ['mou-ke-jp'],
        },
      },
    });
  });

  it('names every missing flag of submit, and refuses --file mixed with alert flags', () => {
    expect(() => parseOperatorArgs('submit', ['--title', 'x'])).toThrow(
      new UsageError('submit needs --severity, --tlp, --category (or --file FILE with the alert as JSON)'),
    );
    expect(() => parseOperatorArgs('submit', ['--file', 'a.json', '--title', 'x'])).toThrow(
      'submit: --file cannot be combined with --title',
    );
    expect(parseOperatorArgs('submit', ['-f', 'a.json'])).toMatchObject({ source: { kind: 'file', path: 'a.json' } });
  });

  it('turns parse errors into usage errors that name the command', () => {
    expect(() => parseOperatorArgs('status', ['--bogus'])).toThrow(UsageError);
    expect(() => parseOperatorArgs('status', ['--bogus'])).toThrow(/^status: Unknown option '--bogus'/);
    expect(() => parseOperatorArgs('show', ['a', 'b'])).toThrow('show: unexpected argument "b"');
    expect(() => parseOperatorArgs('show', [])).toThrow('show needs the alert id: cirtmesh show ID');
    expect(() => parseOperatorArgs('ack', ['--note'])).toThrow(UsageError);
  });

  it('reads tail filters, and checks --last-event-id', () => {
    expect(
      parseOperatorArgs('tail', ['--severity', 'high', '--tlp', 'green', '--origin', 'ke', '--direction', 'received', '--no-color']),
    ).toMatchObject({
      filter: { severity: 'high', tlp: 'GREEN', origin: 'ke', direction: 'received' },
      noColor: true,
      lastEventId: undefined,
    });
    expect(parseOperatorArgs('tail', ['--last-event-id', '42'])).toMatchObject({ filter: {}, lastEventId: '42' });
    expect(() => parseOperatorArgs('tail', ['--last-event-id', 'x'])).toThrow('--last-event-id must be an event id (a number)');
  });

  it('tells indicator search from text search, and takes one or the other', () => {
    expect(parseOperatorArgs('search', ['evil.example', '--limit', '10'])).toMatchObject({
      search: { kind: 'indicator', value: 'evil.example' },
      limit: 10,
    });
    expect(parseOperatorArgs('search', ['--q', ' emotet wave ', '--severity', 'high'])).toMatchObject({
      search: { kind: 'text', q: 'emotet wave', filter: { severity: 'high' } },
      limit: undefined,
    });
    expect(() => parseOperatorArgs('search', ['x', '--q', 'y'])).toThrow(/not both/);
    expect(() => parseOperatorArgs('search', [])).toThrow(/search needs a VALUE/);
    expect(() => parseOperatorArgs('search', ['x', '--tlp', 'RED'])).toThrow('search VALUE does not take --tlp: they go with --q');
    expect(() => parseOperatorArgs('search', ['x', '--limit', '0'])).toThrow('--limit must be a whole number from 1 to 500');
  });

  it('reads ack and sight', () => {
    expect(parseOperatorArgs('ack', ['0190', '--note', 'blocked'])).toMatchObject({ name: 'ack', id: '0190', note: 'blocked' });
    expect(
      parseOperatorArgs('sight', ['0190', '--count', '3', '--first-seen', '2026-11-20T10:00:00Z', '--last-seen', '2026-11-20T12:00:00Z']),
    ).toMatchObject({ sighting: { count: 3, firstSeen: '2026-11-20T10:00:00Z', lastSeen: '2026-11-20T12:00:00Z' } });
    expect(() => parseOperatorArgs('sight', ['0190', '--count', '3'])).toThrow('sight needs --first-seen, --last-seen');
    expect(() => parseOperatorArgs('sight', ['0190', '--count', '-1', '--first-seen', 'a', '--last-seen', 'b'])).toThrow(UsageError);
    expect(() => parseOperatorArgs('sight', ['0190', '--count', '2.5', '--first-seen', 'a', '--last-seen', 'b'])).toThrow(
      /--count must be a whole number/,
    );
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
  it('tells one alert from a bulk submit, and names a broken file', () => {
    expect(parseSubmitFile('a.json', '{"title":"x"}')).toEqual({ bulk: false, items: [{ title: 'x' }] });
    expect(parseSubmitFile('a.json', '[{"title":"x"},{"title":"y"}]')).toEqual({ bulk: true, items: [{ title: 'x' }, { title: 'y' }] });
    expect(() => parseSubmitFile('a.json', '{"title":')).toThrow(/^a\.json is not valid JSON: /);
    expect(() => parseSubmitFile('a.json', '"x"')).toThrow('a.json must hold an alert (a JSON object) or a list of them (a JSON array)');
  });
});
