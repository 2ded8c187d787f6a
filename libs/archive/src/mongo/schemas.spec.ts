import mongoose from 'mongoose';
import { record } from '../../test/archive.contract';
import { toDoc } from '../documents';
import { afterQuery, byIdQuery, listQuery, searchQuery } from '../queries';
import { defaultRetention } from '../retention';
import { indicatorQuery } from '../search-keys';
import { alertSchema, feedbackSchema } from './schemas';

/**
 * What can be checked of the MongoDB store without a MongoDB server: that the documents the
 * archive writes fit its schema, that every query it sends casts cleanly against that schema, and
 * that each query has an index. The contract suite runs the store itself when MONGODB_URI is set.
 */
describe('MongoDB archive schemas and queries', () => {
  const connection = mongoose.createConnection();
  const Alert = connection.model('Alert', alertSchema);
  const FeedbackModel = connection.model('Feedback', feedbackSchema);

  const rich = toDoc(
    {
      ...record(7, {
        description: 'Hôpital: LockBit',
        indicators: [
          { type: 'domain', value: 'cdn.evil.example' },
          { type: 'cidr', value: '198.51.100.0/24' },
          { type: 'url', value: 'https://login.evil.example/x' },
        ],
      }),
      deliveries: [
        {
          recipient: 'ng',
          outcome: 'delivered',
          reasons: [{ code: 'OK', text: 'ok' }],
          hub: 'africa',
          decidedAt: '2026-03-01T00:00:01.000Z',
          policy: 'p',
          redactions: [{ field: 'indicators', action: 'drop' }],
        },
      ],
      acks: [{ node: 'ng', at: '2026-03-01T00:00:02.000Z' }],
      sightings: [{ node: 'za', count: 3, firstSeen: '2026-03-01T00:00:00.000Z', lastSeen: '2026-03-01T00:00:03.000Z' }],
    },
    defaultRetention(),
  );

  it('accepts the documents the archive writes, field for field', () => {
    const doc = new Alert(rich);
    expect(doc.validateSync()).toBeUndefined();
    const back = doc.toObject();
    expect(back.blocks).toEqual(rich.blocks);
    expect(back.terms).toEqual(rich.terms);
    expect(back.deliveries).toEqual(rich.deliveries);
    expect(back.sightings).toEqual(rich.sightings);
    expect(back.record).toEqual(rich.record);
    const feedback = new FeedbackModel({
      _id: 'f1',
      alertId: rich._id,
      from: 'ng',
      kind: 'ack',
      at: '2026-03-01T00:00:02.000Z',
      expiresAt: rich.expiresAt,
    });
    expect(feedback.validateSync()).toBeUndefined();
  });

  it('refuses a document that breaks the schema', () => {
    const bad = new Alert({ ...rich, direction: 'sideways', seq: 'seven' });
    const error = bad.validateSync();
    expect(Object.keys(error?.errors ?? {}).sort()).toEqual(['direction', 'seq']);
  });

  it('casts every query the archive sends without changing what it asks', () => {
    const now = new Date('2026-03-02T00:00:00.000Z');
    const queries = [
      listQuery(
        {
          direction: 'received',
          origin: 'ke',
          category: 'malware',
          severity: 'high',
          tlp: 'GREEN',
          since: '2026-03-01T00:00:00.000Z',
          q: 'lockbit hôpital',
        },
        now,
        50,
      ),
      afterQuery(3, { severity: 'low' }, now),
      searchQuery(indicatorQuery('198.51.100.7'), now, 10),
      searchQuery(indicatorQuery('evil.example'), now),
      byIdQuery(rich._id, now),
    ];
    for (const query of queries) {
      const cast = Alert.find(query).cast(Alert) as Record<string, unknown>;
      expect(JSON.parse(JSON.stringify(cast))).toEqual(JSON.parse(JSON.stringify(query)));
    }
  });

  it('has an index for each query, one unique position per record, and the retention TTL', () => {
    const indexes = alertSchema.indexes().map(([fields, options]) => ({ fields: Object.keys(fields).join(','), ...options }));
    expect(indexes.map((i) => i.fields)).toEqual(
      expect.arrayContaining([
        'seq',
        'direction,seq',
        'origin,seq',
        'severityRank,seq',
        'terms,seq',
        'blocks,seq',
        'words,seq',
        'expiresAt',
      ]),
    );
    expect(indexes.find((i) => i.fields === 'seq')).toMatchObject({ unique: true });
    expect(indexes.find((i) => i.fields === 'expiresAt')).toMatchObject({ expireAfterSeconds: expect.any(Number) });
    expect(new Set(indexes.map((i) => i.name)).size).toBe(indexes.length);
  });
});
