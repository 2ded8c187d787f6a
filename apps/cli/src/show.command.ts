import { Command } from 'commander';
import { EXIT } from './errors';
import { formatAlertDetail } from './operator-format';
import { pretty, type OperatorSpec } from './operator';

/** `cirtmesh show ID`: an alert and everything the node knows about it. */
export const show: OperatorSpec<{ id: string }> = {
  define: () =>
    new Command('show').description('an alert with its deliveries, acks, sightings and provenance').argument('<ID>', 'the alert id'),
  request: (command) => ({ id: command.args[0] }),
  run: async ({ id, json }, { client, io, paint }) => {
    const record = await client.getAlert(id);
    io.out(json ? pretty(record) : formatAlertDetail(record, paint));
    return EXIT.ok;
  },
};
