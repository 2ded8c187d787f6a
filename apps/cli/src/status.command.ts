import { Command } from 'commander';
import { EXIT } from './errors';
import { formatStatus } from './operator-format';
import { pretty, type OperatorSpec } from './operator';

/** `cirtmesh status`: what an operator asks first. Exit status 3 when the node is not ok. */
export const status: OperatorSpec<object> = {
  define: () =>
    new Command('status').description(
      "the node's health, its link to its hub and what waits to go up or come down (exit status 3 when the node is not ok)",
    ),
  request: () => ({}),
  run: async ({ json }, { client, io, paint }) => {
    const answer = await client.status();
    io.out(json ? pretty(answer) : formatStatus(answer, paint));
    return answer.status === 'ok' ? EXIT.ok : EXIT.notOk;
  },
};
