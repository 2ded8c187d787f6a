import { ApiError, type AlertFilter } from '@cirtmesh/client';
import { Command } from 'commander';
import { EXIT, UsageError } from './errors';
import { positiveInt } from './options';
import { formatAlertTable, formatIndicatorTable } from './operator-format';
import { filterOf, pretty, withFilters, type OperatorSpec } from './operator';

interface SearchRequest {
  search: { kind: 'indicator'; value: string } | { kind: 'text'; q: string; filter: AlertFilter };
  limit?: number;
  cursor?: string;
}

/** `cirtmesh search VALUE` (indicators) or `cirtmesh search --q WORDS` (titles and descriptions). */
export const search: OperatorSpec<SearchRequest> = {
  define: () => {
    const command = new Command('search')
      .description('alerts with an indicator matching VALUE, or with every word of --q in their title or description')
      .argument('[VALUE]', 'an indicator: domains match their subdomains, addresses the CIDR blocks that hold them')
      .option('--q <WORDS>', 'search titles and descriptions instead; takes the filters below');
    return withFilters(command)
      .option('--limit <N>', "results per page, 1 to 500 (the node's default is 50)")
      .option('--cursor <C>', 'the next page');
  },
  request: (command) => {
    const [value] = command.args;
    const { q, limit, cursor } = command.opts<{ q?: string; limit?: string; cursor?: string }>();
    const filter = filterOf(command);
    const page = { limit: positiveInt('limit', limit, 500), cursor };
    if (value !== undefined && q !== undefined)
      throw new UsageError('search takes either a VALUE (indicator search) or --q WORDS (text search), not both');
    if (value !== undefined) {
      const filters = Object.keys(filter);
      if (filters.length > 0)
        throw new UsageError(`search VALUE does not take ${filters.map((k) => `--${k}`).join(', ')}: they go with --q`);
      return { search: { kind: 'indicator', value }, ...page };
    }
    if (q === undefined || q.trim() === '')
      throw new UsageError('search needs a VALUE to look up, or --q WORDS to search titles and descriptions');
    return { search: { kind: 'text', q: q.trim(), filter }, ...page };
  },
  run: async (request, { client, io }) => {
    const page = { limit: request.limit, cursor: request.cursor };
    let next: string | null;
    if (request.search.kind === 'indicator') {
      const result = await client.searchIndicators(request.search.value, page).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) {
          throw new ApiError(404, `${client.baseUrl} has no indicator search (the node may be older than this CLI)`);
        }
        throw error;
      });
      io.out(request.json ? pretty(result) : formatIndicatorTable(result.items));
      next = result.next;
    } else {
      const result = await client.listAlerts({ ...request.search.filter, q: request.search.q, ...page });
      io.out(request.json ? pretty(result) : formatAlertTable(result.items));
      next = result.next;
    }
    if (next && !request.json) io.err(`cirtmesh: more results: add --cursor ${next}`);
    return EXIT.ok;
  },
};
