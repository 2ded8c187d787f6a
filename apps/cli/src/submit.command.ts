import type { AlertSubmissionDto, Category, IndicatorType, Scope, Severity, Tlp } from '@cirtmesh/contracts';
import { ApiError, BATCH_MAX_ALERTS, BATCH_MAX_BYTES, batchItemError, type CirtmeshClient } from '@cirtmesh/client';
import { Command, Option } from 'commander';
import { describeError, EXIT, UsageError } from './errors';
import { readInput } from './input';
import type { Io } from './io';
import { commaList, repeatable } from './options';
import { formatSubmitted } from './operator-format';
import { pretty, type OperatorSpec } from './operator';

type SubmitSource = { kind: 'flags'; submission: AlertSubmissionDto } | { kind: 'file'; path: string };

/** `submit`'s flags that describe the alert; `--file` cannot be combined with them. */
function alertOptions(): Option[] {
  return [
    new Option('--title <T>', 'title (required)'),
    new Option('--severity <S>', 'low, medium, high or critical (required)'),
    new Option('--tlp <L>', 'CLEAR, GREEN, AMBER, AMBER+STRICT or RED, in any case (required)'),
    new Option('--category <C>', 'malware, phishing, spam, ddos, … (required)'),
    new Option('--scope <S>', "national, regional (the node's default) or global"),
    new Option('--description <D>', 'description'),
    repeatable('--indicator <type:value>', 'an indicator; repeat it. The type ends at the first colon'),
    repeatable('--recipient <ID>', 'a recipient; repeat it or give a comma list. AMBER and RED need recipients or groups'),
    repeatable('--group <G>', 'a sharing group, as the hubs define them; repeat it or give a comma list'),
    repeatable('--sector <S>', 'a sector; repeat it or give a comma list'),
    repeatable('--reference <URL>', 'a reference; repeat it or give a comma list'),
    new Option('--valid-until <ISO>', 'when the alert stops being valid'),
    new Option('--not-before <ISO>', 'an embargo: hubs hold the alert back until then'),
  ];
}

type SubmitFlags = {
  file?: string;
  title?: string;
  severity?: string;
  tlp?: string;
  category?: string;
  scope?: string;
  description?: string;
  indicator?: string[];
  recipient?: string[];
  group?: string[];
  sector?: string[];
  reference?: string[];
  validUntil?: string;
  notBefore?: string;
};

/** `cirtmesh submit`: one alert from flags, or one or many from a JSON file. */
export const submit: OperatorSpec<{ source: SubmitSource }> = {
  define: () => {
    const command = new Command('submit').description('submit one alert from flags, or one or many from a JSON file');
    for (const option of alertOptions()) command.addOption(option);
    return command.option(
      '-f, --file <FILE>',
      'the alert as JSON (the body of POST /api/v1/alerts), or a JSON array of them to submit many; - reads standard input',
    );
  },
  request: (command) => {
    const flags = command.opts<SubmitFlags>();
    const mixed = alertOptions().filter((option) => command.getOptionValue(option.attributeName()) !== undefined);
    if (flags.file === undefined) return { source: { kind: 'flags', submission: submissionFromFlags(flags) } };
    if (mixed.length > 0) throw new UsageError(`submit: --file cannot be combined with ${mixed.map((o) => o.long).join(', ')}`);
    return { source: { kind: 'file', path: flags.file } };
  },
  run: ({ source, json }, { client, io }) => {
    if (source.kind === 'flags') return submitOne(client, source.submission, io, json);
    return submitFile(client, source.path, io, json);
  },
};

/** `--indicator type:value`: the type is everything before the first colon, so URLs keep theirs. */
export function parseIndicator(text: string): { type: IndicatorType; value: string } {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    throw new UsageError(`--indicator "${text}" must be type:value, such as ipv4:192.0.2.7 or domain:evil.example`);
  }
  return { type: text.slice(0, colon).trim().toLowerCase() as IndicatorType, value: text.slice(colon + 1).trim() };
}

/** A submission from `submit`'s flags. The node validates it; this only checks what the flags' syntax needs. */
function submissionFromFlags(flags: SubmitFlags): AlertSubmissionDto {
  const { title, severity, tlp, category } = flags;
  if (title === undefined || severity === undefined || tlp === undefined || category === undefined) {
    const missing = Object.entries({ title, severity, tlp, category }).filter(([, value]) => value === undefined);
    throw new UsageError(`submit needs ${missing.map(([k]) => `--${k}`).join(', ')} (or --file FILE with the alert as JSON)`);
  }
  const submission: AlertSubmissionDto = {
    title,
    category: category as Category,
    severity: severity as Severity,
    tlp: tlp.toUpperCase() as Tlp,
  };
  const optional: Partial<AlertSubmissionDto> = {
    description: flags.description,
    scope: flags.scope as Scope | undefined,
    validUntil: flags.validUntil,
    notBefore: flags.notBefore,
  };
  const indicators = (flags.indicator ?? []).map(parseIndicator);
  const lists = {
    recipients: commaList(flags.recipient),
    groups: commaList(flags.group),
    sectors: commaList(flags.sector),
    references: commaList(flags.reference),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(submission, { [key]: value });
  if (indicators.length > 0) submission.indicators = indicators;
  for (const [key, value] of Object.entries(lists)) if (value.length > 0) Object.assign(submission, { [key]: value });
  return submission;
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

async function submitOne(client: CirtmeshClient, submission: unknown, io: Io, json: boolean): Promise<number> {
  const submitted = await client.submit(submission as AlertSubmissionDto);
  io.out(json ? pretty(submitted) : formatSubmitted(submitted));
  return EXIT.ok;
}

/** How many failed items a summary names before it says "and N more". */
const NAMED_FAILURES = 20;

/** One item's outcome in a bulk submit: stored, or refused with the node's reason. */
type ItemOutcome = { index: number; id: string; seq: number } | { index: number; error: ApiError };

/**
 * One alert, or a JSON array of them sent in batches (`POST /api/v1/alerts/batch`, up to 500
 * alerts and a few MiB a request). A refused item is reported with its index (from 0, as in
 * `jq '.[17]'`) and the node's reason, and the rest still go; an unreachable node or a refused
 * token stops the run, since every later item would fail the same way.
 */
async function submitFile(client: CirtmeshClient, path: string, io: Io, json: boolean): Promise<number> {
  const { bulk, items } = parseSubmitFile(path, readInput(path).toString('utf8'));
  if (!bulk) return submitOne(client, items[0], io, json);
  const total = items.length;
  const failed: number[] = [];
  let done = 0;
  for (const chunk of batches(items)) {
    let outcomes: ItemOutcome[];
    try {
      outcomes = await submitChunk(client, items, chunk);
    } catch (error) {
      const { line } = describeError(error);
      throw new Error(`stopped at item ${chunk.from} of ${total} (${chunk.from - failed.length} submitted before it): ${line}`);
    }
    for (const outcome of outcomes) {
      if ('error' in outcome) {
        failed.push(outcome.index);
        io.err(`cirtmesh: item ${outcome.index}: ${outcome.error.message}`);
        if (json) io.out(JSON.stringify({ index: outcome.index, status: outcome.error.status, error: outcome.error.message }));
      } else if (json) io.out(JSON.stringify(outcome));
    }
    done = chunk.to;
    io.progress(`submitted ${done}/${total}`, done === total);
  }
  const named =
    failed.slice(0, NAMED_FAILURES).join(', ') + (failed.length > NAMED_FAILURES ? ` and ${failed.length - NAMED_FAILURES} more` : '');
  const summary = `${total - failed.length} of ${total} alerts submitted${failed.length ? `; ${failed.length} failed: item${failed.length === 1 ? '' : 's'} ${named}` : ''}`;
  if (json) io.err(`cirtmesh: ${summary}`);
  else io.out(summary);
  return failed.length > 0 ? EXIT.failed : EXIT.ok;
}

/** Consecutive items `[from, to)` that fit one batch request. */
interface Chunk {
  from: number;
  to: number;
}

/** Splits the items into batches of at most `BATCH_MAX_ALERTS` alerts and about `BATCH_MAX_BYTES` of JSON. */
export function batches(items: unknown[], maxAlerts = BATCH_MAX_ALERTS, maxBytes = BATCH_MAX_BYTES): Chunk[] {
  const chunks: Chunk[] = [];
  let from = 0;
  let bytes = 0;
  items.forEach((item, index) => {
    const size = Buffer.byteLength(JSON.stringify(item) ?? 'null') + 1;
    if (index > from && (index - from >= maxAlerts || bytes + size > maxBytes)) {
      chunks.push({ from, to: index });
      from = index;
      bytes = 0;
    }
    bytes += size;
  });
  if (from < items.length) chunks.push({ from, to: items.length });
  return chunks;
}

/** Sends one batch; a node without the batch route gets the items one at a time. Throws only what stops the run. */
async function submitChunk(client: CirtmeshClient, items: unknown[], { from, to }: Chunk): Promise<ItemOutcome[]> {
  try {
    const answer = await client.submitBatch(items.slice(from, to));
    const results = [...answer.results].sort((a, b) => a.index - b.index);
    return results.map((r) =>
      r.status === 202 && r.id !== undefined && r.seq !== undefined
        ? { index: from + r.index, id: r.id, seq: r.seq }
        : { index: from + r.index, error: batchItemError(r) },
    );
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
  const outcomes: ItemOutcome[] = [];
  for (let index = from; index < to; index += 1) {
    try {
      const submitted = await client.submit(items[index] as AlertSubmissionDto);
      outcomes.push({ index, id: submitted.id, seq: submitted.seq });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === 401 || error.status === 403) throw error;
      outcomes.push({ index, error });
    }
  }
  return outcomes;
}
