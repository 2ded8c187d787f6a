import type { AlertSubmissionDto } from '@cirtmesh/contracts';
import { ApiError, CirtmeshClient } from '@cirtmesh/client';
import { readFileSync } from 'node:fs';
import type { OperatorEnv } from './config';
import { parseOperatorArgs, parseSubmitFile, type OperatorCommand, type OperatorCommandName } from './operator-args';
import {
  formatAlertDetail,
  formatAlertLine,
  formatAlertTable,
  formatFeedback,
  formatIndicatorTable,
  formatStatus,
  formatSubmitted,
  paintFor,
  type Paint,
} from './operator-format';
import { resolveConnection } from './profiles';
import { describeError, EXIT, UsageError } from './errors';
import type { Io } from './io';

const pretty = (value: unknown): string => JSON.stringify(value, null, 2);

/**
 * Runs one operator command (`submit`, `tail`, `search`, `show`, `ack`, `sight`, `status`)
 * against a node's HTTP API. Resolves the exit status; throws on errors (see describeError).
 */
export async function runOperatorCommand(
  name: OperatorCommandName,
  args: string[],
  loadEnv: () => OperatorEnv,
  io: Io,
  signal?: AbortSignal,
): Promise<number> {
  const command = parseOperatorArgs(name, args);
  const env = loadEnv();
  const connection = resolveConnection(command.connection, env);
  for (const warning of connection.warnings) io.err(`cirtmesh: ${warning}`);
  const client = new CirtmeshClient({ url: connection.url, token: connection.token });
  const paint = paintFor(io.stdoutIsTty && !env.noColor && !command.noColor);
  return execute(command, client, io, paint, signal);
}

async function execute(command: OperatorCommand, client: CirtmeshClient, io: Io, paint: Paint, signal?: AbortSignal): Promise<number> {
  switch (command.name) {
    case 'submit':
      if (command.source.kind === 'flags') return submitOne(client, command.source.submission, io, command.json);
      return submitFile(client, command.source.path, io, command.json);
    case 'tail':
      return tail(client, command, io, paint, signal);
    case 'search':
      return search(client, command, io);
    case 'show': {
      const record = await client.getAlert(command.id);
      io.out(command.json ? pretty(record) : formatAlertDetail(record, paint));
      return EXIT.ok;
    }
    case 'ack': {
      const receipt = await client.ack(command.id, command.note === undefined ? {} : { note: command.note });
      io.out(command.json ? pretty(receipt) : formatFeedback(receipt));
      return EXIT.ok;
    }
    case 'sight': {
      const receipt = await client.reportSighting(command.id, command.sighting);
      io.out(command.json ? pretty(receipt) : formatFeedback(receipt));
      return EXIT.ok;
    }
    case 'status': {
      const status = await client.status();
      io.out(command.json ? pretty(status) : formatStatus(status, paint));
      return status.status === 'ok' ? EXIT.ok : EXIT.notOk;
    }
  }
}

async function submitOne(client: CirtmeshClient, submission: unknown, io: Io, json: boolean): Promise<number> {
  const submitted = await client.submit(submission as AlertSubmissionDto);
  io.out(json ? pretty(submitted) : formatSubmitted(submitted));
  return EXIT.ok;
}

function readInput(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path === '-' ? 'standard input' : path}: ${(error as Error).message}`);
  }
}

/** How many failed items a summary names before it says "and N more". */
const NAMED_FAILURES = 20;

/**
 * One alert, or a JSON array of them submitted one after another. A refused item is reported
 * with its index (from 0, as in `jq '.[17]'`) and the node's reason, and the rest still go; an
 * unreachable node or a refused token stops the run, since every later item would fail the same way.
 */
async function submitFile(client: CirtmeshClient, path: string, io: Io, json: boolean): Promise<number> {
  const { bulk, items } = parseSubmitFile(path, readInput(path));
  if (!bulk) return submitOne(client, items[0], io, json);
  const total = items.length;
  const step = Math.max(1, Math.ceil(total / 10));
  const failed: number[] = [];
  for (let index = 0; index < total; index += 1) {
    try {
      const submitted = await client.submit(items[index] as AlertSubmissionDto);
      if (json) io.out(JSON.stringify({ index, id: submitted.id, seq: submitted.seq }));
    } catch (error) {
      const fatal = !(error instanceof ApiError) || error.status === 401 || error.status === 403;
      if (fatal) {
        const { line } = describeError(error);
        throw new Error(`stopped at item ${index} of ${total} (${index - failed.length} submitted before it): ${line}`);
      }
      failed.push(index);
      io.err(`cirtmesh: item ${index}: ${error.message}`);
      if (json) io.out(JSON.stringify({ index, status: error.status, error: error.message }));
    }
    const done = index + 1;
    if (done % step === 0 || done === total) io.progress(`submitted ${done}/${total}`, done === total);
  }
  const named =
    failed.slice(0, NAMED_FAILURES).join(', ') + (failed.length > NAMED_FAILURES ? ` and ${failed.length - NAMED_FAILURES} more` : '');
  const summary = `${total - failed.length} of ${total} alerts submitted${failed.length ? `; ${failed.length} failed: item${failed.length === 1 ? '' : 's'} ${named}` : ''}`;
  if (json) io.err(`cirtmesh: ${summary}`);
  else io.out(summary);
  return failed.length > 0 ? EXIT.failed : EXIT.ok;
}

async function tail(
  client: CirtmeshClient,
  command: Extract<OperatorCommand, { name: 'tail' }>,
  io: Io,
  paint: Paint,
  signal?: AbortSignal,
): Promise<number> {
  const stream = client.stream(command.filter, { lastEventId: command.lastEventId, signal });
  for await (const event of stream) {
    switch (event.type) {
      case 'connected':
        io.err(
          event.reconnected
            ? `cirtmesh: reconnected to ${client.baseUrl}${event.resumedAfter ? `, resuming after event ${event.resumedAfter}` : ''}`
            : `cirtmesh: following ${client.baseUrl}${event.resumedAfter ? ` after event ${event.resumedAfter}` : ''} (Ctrl-C to stop)`,
        );
        break;
      case 'alert':
        io.out(command.json ? event.data : formatAlertLine(event.record, paint));
        break;
      case 'overflow':
        io.err(`cirtmesh: NOTICE: the node cut this stream off: ${event.reason}`);
        break;
      case 'aged-out': {
        const span = `events after ${event.lastEventId ?? 'the last one received'}${event.horizon ? ` up to ${event.horizon}` : ''}`;
        io.err(
          `cirtmesh: NOTICE: ${span} have aged out of the node and cannot be replayed (${event.reason}); alerts among them may have been missed`,
        );
        break;
      }
      case 'disconnected': {
        const wait = event.retryInMs < 1000 ? `${event.retryInMs} ms` : `${Math.round(event.retryInMs / 100) / 10} s`;
        const resume = event.lastEventId ? ` with Last-Event-ID ${event.lastEventId}` : '';
        io.err(`cirtmesh: connection lost (${event.reason}); reconnecting in ${wait}${resume}`);
        break;
      }
    }
  }
  return EXIT.ok;
}

async function search(client: CirtmeshClient, command: Extract<OperatorCommand, { name: 'search' }>, io: Io): Promise<number> {
  const page = { limit: command.limit, cursor: command.cursor };
  let next: string | null;
  if (command.search.kind === 'indicator') {
    const result = await client.searchIndicators(command.search.value, page).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) {
        throw new ApiError(404, `${client.baseUrl} has no indicator search (the node may be older than this CLI)`);
      }
      throw error;
    });
    io.out(command.json ? pretty(result) : formatIndicatorTable(result.items));
    next = result.next;
  } else {
    const result = await client.listAlerts({ ...command.search.filter, q: command.search.q, ...page });
    io.out(command.json ? pretty(result) : formatAlertTable(result.items));
    next = result.next;
  }
  if (next && !command.json) io.err(`cirtmesh: more results: add --cursor ${next}`);
  return EXIT.ok;
}
