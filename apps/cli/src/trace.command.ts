import { Command } from 'commander';
import { EXIT } from './errors';
import { pretty, type OperatorSpec } from './operator';
import { formatRoute } from './route-format';

/** `cirtmesh trace ID`: where an alert went, hop by hop, as the node knows it. */
export const trace: OperatorSpec<{ id: string }> = {
  define: () =>
    new Command('trace')
      .description("an alert's route: each hub and recipient, the verdict, and the time of each hop (slowest marked)")
      .argument('<ID>', 'the alert id'),
  request: (command) => ({ id: command.args[0] }),
  run: async ({ id, json }, { client, io, paint }) => {
    const route = await client.getRoute(id);
    io.out(json ? pretty(route) : formatRoute(route, paint));
    return EXIT.ok;
  },
};
