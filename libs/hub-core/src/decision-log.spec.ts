import type { DecisionRecord } from '@cirtmesh/contracts';
import { packDecisions, unpackDecisions } from './decision-log';

const record = (recipient: string, overrides: Partial<DecisionRecord> = {}): DecisionRecord => ({
  alertId: '01a201ed-9ddc-746a-8036-7b6ac8851935',
  origin: 'ke',
  hub: 'africa',
  recipient,
  recipientKind: 'node',
  verdict: 'deliver',
  reasons: [{ code: 'tlp-in-scope', text: 'TLP:CLEAR reaches everyone within scope global' }],
  tlp: 'CLEAR',
  scope: 'global',
  decidedAt: '2026-12-02T06:00:00.000Z',
  policy: 'v1',
  source: 'below:7',
  ...overrides,
});

describe('one message per alert in the DECISIONS stream', () => {
  it('writes the shared fields once and reads every decision back as it was', () => {
    const records = [
      record('ng'),
      record('za', { verdict: 'refuse', reasons: [{ code: 'not-in-recipients', text: 'not named' }] }),
      record('global', { recipientKind: 'hub', redactions: [{ field: 'description', action: 'remove' }] }),
      record('jp', { verdict: 'defer', notBefore: '2026-12-03T00:00:00Z', decidedAt: '2026-12-02T06:00:00.001Z' }),
    ];
    const packed = packDecisions(records);
    expect(Object.keys(packed.shared).sort()).toEqual(['alertId', 'hub', 'origin', 'policy', 'scope', 'source', 'tlp']);
    expect(packed.items[3]).toMatchObject({ decidedAt: '2026-12-02T06:00:00.001Z' });
    expect(unpackDecisions(JSON.parse(JSON.stringify(packed)) as ReturnType<typeof packDecisions>)).toEqual(records);
  });

  it('reads the one-record messages earlier versions wrote', () => {
    expect(unpackDecisions(record('ng'))).toEqual([record('ng')]);
  });
});
