import type { AlertFilter } from '@cirtmesh/client';
import { Command } from 'commander';
import { EXIT, UsageError } from './errors';
import { formatAlertLine } from './operator-format';
import { filterOf, withFilters, type OperatorSpec, type Session } from './operator';

interface TailRequest {
  filter: AlertFilter;
  lastEventId?: string;
}

/** `cirtmesh tail`: the node's live alert stream, resuming after every drop, until Ctrl-C or SIGTERM. */
export const tail: OperatorSpec<TailRequest> = {
  define: () =>
    withFilters(new Command('tail').description("follow the node's live alert stream, resuming after every drop")).option(
      '--last-event-id <N>',
      'start after event N (what --json shows as seq), replaying what the node holds since',
    ),
  request: (command) => {
    const { lastEventId } = command.opts<{ lastEventId?: string }>();
    if (lastEventId !== undefined && !/^\d{1,15}$/.test(lastEventId))
      throw new UsageError('--last-event-id must be an event id (a number)');
    return { filter: filterOf(command), lastEventId };
  },
  run: (request, session) => session.context.untilStopped((signal) => follow(request, session, signal)),
};

async function follow(request: TailRequest & { json: boolean }, { client, io, paint }: Session, signal: AbortSignal): Promise<number> {
  const stream = client.stream(request.filter, { lastEventId: request.lastEventId, signal });
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
        io.out(request.json ? event.data : formatAlertLine(event.record, paint));
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
