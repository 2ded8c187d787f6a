import type { AlertSubmissionDto, Category, Direction, IndicatorType, Scope, Severity, Tlp } from '@cirtmesh/contracts';
import type { AlertFilter, SightingRequest } from '@cirtmesh/client';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ConnectionFlags } from './profiles';
import { UsageError } from './errors';

export const OPERATOR_COMMANDS = ['submit', 'tail', 'search', 'show', 'ack', 'sight', 'status'] as const;
export type OperatorCommandName = (typeof OPERATOR_COMMANDS)[number];

export function isOperatorCommand(name: string | undefined): name is OperatorCommandName {
  return (OPERATOR_COMMANDS as readonly string[]).includes(name ?? '');
}

/** What every operator command takes. */
export interface CommonOptions {
  connection: ConnectionFlags;
  /** JSON on stdout instead of lines and tables. */
  json: boolean;
  /** `--no-color`. */
  noColor: boolean;
}

export type SubmitSource = { kind: 'flags'; submission: AlertSubmissionDto } | { kind: 'file'; path: string };

export type OperatorCommand = CommonOptions &
  (
    | { name: 'submit'; source: SubmitSource }
    | { name: 'tail'; filter: AlertFilter; lastEventId?: string }
    | {
        name: 'search';
        search: { kind: 'indicator'; value: string } | { kind: 'text'; q: string; filter: AlertFilter };
        limit?: number;
        cursor?: string;
      }
    | { name: 'show'; id: string }
    | { name: 'ack'; id: string; note?: string }
    | { name: 'sight'; id: string; sighting: SightingRequest }
    | { name: 'status' }
  );

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON: Options = {
  url: { type: 'string' },
  token: { type: 'string' },
  profile: { type: 'string' },
  json: { type: 'boolean', default: false },
  'no-color': { type: 'boolean', default: false },
};

const FILTERS: Options = {
  severity: { type: 'string' },
  tlp: { type: 'string' },
  category: { type: 'string' },
  origin: { type: 'string' },
  direction: { type: 'string' },
  since: { type: 'string' },
};

const OPTIONS: Record<OperatorCommandName, Options> = {
  submit: {
    file: { type: 'string', short: 'f' },
    title: { type: 'string' },
    description: { type: 'string' },
    severity: { type: 'string' },
    tlp: { type: 'string' },
    category: { type: 'string' },
    scope: { type: 'string' },
    indicator: { type: 'string', multiple: true },
    recipient: { type: 'string', multiple: true },
    group: { type: 'string', multiple: true },
    sector: { type: 'string', multiple: true },
    reference: { type: 'string', multiple: true },
    'valid-until': { type: 'string' },
    'not-before': { type: 'string' },
  },
  tail: { ...FILTERS, 'last-event-id': { type: 'string' } },
  search: { ...FILTERS, q: { type: 'string' }, limit: { type: 'string' }, cursor: { type: 'string' } },
  show: {},
  ack: { note: { type: 'string' } },
  sight: { count: { type: 'string' }, 'first-seen': { type: 'string' }, 'last-seen': { type: 'string' }, note: { type: 'string' } },
  status: {},
};

/** Flags of `submit` that describe the alert; `--file` cannot be combined with them. */
const ALERT_FLAGS = Object.keys(OPTIONS.submit).filter((k) => k !== 'file');
const POSITIONALS: Record<OperatorCommandName, number> = { submit: 0, tail: 0, search: 1, show: 1, ack: 1, sight: 1, status: 0 };

type Values = Record<string, string | boolean | string[] | undefined>;

function str(values: Values, key: string): string | undefined {
  const value = values[key];
  return typeof value === 'string' ? value : undefined;
}

function list(values: Values, key: string): string[] {
  const value = values[key];
  if (!Array.isArray(value)) return [];
  return value
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/** `--indicator type:value`: the type is everything before the first colon, so URLs keep theirs. */
export function parseIndicator(text: string): { type: IndicatorType; value: string } {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    throw new UsageError(`--indicator "${text}" must be type:value, such as ipv4:192.0.2.7 or domain:evil.example`);
  }
  return { type: text.slice(0, colon).trim().toLowerCase() as IndicatorType, value: text.slice(colon + 1).trim() };
}

function positiveInt(flag: string, text: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max)
    throw new UsageError(`--${flag} must be a whole number from 1 to ${max}`);
  return Number(text);
}

function filterOf(values: Values): AlertFilter {
  const filter: AlertFilter = {
    severity: str(values, 'severity') as Severity | undefined,
    tlp: str(values, 'tlp') as Tlp | undefined,
    category: str(values, 'category') as Category | undefined,
    origin: str(values, 'origin'),
    direction: str(values, 'direction') as Direction | undefined,
    since: str(values, 'since'),
  };
  // TLP labels are upper case; accept them as typed.
  if (filter.tlp) filter.tlp = filter.tlp.toUpperCase() as Tlp;
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
}

/** A submission from `submit`'s flags. The node validates it; this only checks what the flags' syntax needs. */
export function submissionFromFlags(values: Values): AlertSubmissionDto {
  const missing = ['title', 'severity', 'tlp', 'category'].filter((k) => str(values, k) === undefined);
  if (missing.length > 0) {
    throw new UsageError(`submit needs ${missing.map((k) => `--${k}`).join(', ')} (or --file FILE with the alert as JSON)`);
  }
  const submission: AlertSubmissionDto = {
    title: str(values, 'title')!,
    category: str(values, 'category') as Category,
    severity: str(values, 'severity') as Severity,
    tlp: str(values, 'tlp')!.toUpperCase() as Tlp,
  };
  const optional: Partial<AlertSubmissionDto> = {
    description: str(values, 'description'),
    scope: str(values, 'scope') as Scope | undefined,
    validUntil: str(values, 'valid-until'),
    notBefore: str(values, 'not-before'),
  };
  const indicators = (Array.isArray(values.indicator) ? values.indicator : []).map(parseIndicator);
  const lists = {
    recipients: list(values, 'recipient'),
    groups: list(values, 'group'),
    sectors: list(values, 'sector'),
    references: list(values, 'reference'),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(submission, { [key]: value });
  if (indicators.length > 0) submission.indicators = indicators;
  for (const [key, value] of Object.entries(lists)) if (value.length > 0) Object.assign(submission, { [key]: value });
  return submission;
}

/** Parses the arguments after the command name. Throws UsageError with the reason. */
export function parseOperatorArgs(name: OperatorCommandName, args: string[]): OperatorCommand {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: { ...COMMON, ...OPTIONS[name] }, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    throw new UsageError(`${name}: ${(error as Error).message}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > POSITIONALS[name]) {
    throw new UsageError(`${name}: unexpected argument "${positionals[POSITIONALS[name]]}"`);
  }
  const common: CommonOptions = {
    connection: { url: str(values, 'url'), token: str(values, 'token'), profile: str(values, 'profile') },
    json: values.json === true,
    noColor: values['no-color'] === true,
  };
  const id = (): string => {
    const [value] = positionals;
    if (!value) throw new UsageError(`${name} needs the alert id: cirtmesh ${name} ID`);
    return value;
  };
  switch (name) {
    case 'submit': {
      const file = str(values, 'file');
      if (file === undefined) return { ...common, name, source: { kind: 'flags', submission: submissionFromFlags(values) } };
      const mixed = ALERT_FLAGS.filter((k) => values[k] !== undefined);
      if (mixed.length > 0) throw new UsageError(`submit: --file cannot be combined with ${mixed.map((k) => `--${k}`).join(', ')}`);
      return { ...common, name, source: { kind: 'file', path: file } };
    }
    case 'tail': {
      const lastEventId = str(values, 'last-event-id');
      if (lastEventId !== undefined && !/^\d{1,15}$/.test(lastEventId))
        throw new UsageError('--last-event-id must be an event id (a number)');
      return { ...common, name, filter: filterOf(values), lastEventId };
    }
    case 'search': {
      const [value] = positionals;
      const q = str(values, 'q');
      const filter = filterOf(values);
      const page = { limit: positiveInt('limit', str(values, 'limit'), 500), cursor: str(values, 'cursor') };
      if (value !== undefined && q !== undefined)
        throw new UsageError('search takes either a VALUE (indicator search) or --q WORDS (text search), not both');
      if (value !== undefined) {
        const filters = Object.keys(filter);
        if (filters.length > 0)
          throw new UsageError(`search VALUE does not take ${filters.map((k) => `--${k}`).join(', ')}: they go with --q`);
        return { ...common, name, search: { kind: 'indicator', value }, ...page };
      }
      if (q === undefined || q.trim() === '')
        throw new UsageError('search needs a VALUE to look up, or --q WORDS to search titles and descriptions');
      return { ...common, name, search: { kind: 'text', q: q.trim(), filter }, ...page };
    }
    case 'show':
      return { ...common, name, id: id() };
    case 'ack':
      return { ...common, name, id: id(), note: str(values, 'note') };
    case 'sight': {
      const alertId = id();
      const missing = ['count', 'first-seen', 'last-seen'].filter((k) => str(values, k) === undefined);
      if (missing.length > 0) throw new UsageError(`sight needs ${missing.map((k) => `--${k}`).join(', ')}`);
      const sighting: SightingRequest = {
        count: positiveInt('count', str(values, 'count'))!,
        firstSeen: str(values, 'first-seen')!,
        lastSeen: str(values, 'last-seen')!,
      };
      const note = str(values, 'note');
      if (note !== undefined) sighting.note = note;
      return { ...common, name, id: alertId, sighting };
    }
    case 'status':
      return { ...common, name };
  }
}

/** A submit file: one alert (an object) or a bulk submit (an array of them). */
export function parseSubmitFile(path: string, text: string): { bulk: boolean; items: unknown[] } {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (Array.isArray(document)) return { bulk: true, items: document };
  if (document && typeof document === 'object') return { bulk: false, items: [document] };
  throw new UsageError(`${path} must hold an alert (a JSON object) or a list of them (a JSON array)`);
}
