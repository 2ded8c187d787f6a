import { mongoUri } from '@cirtmesh/testing';
import mongoose from 'mongoose';
import { randomUUID } from 'node:crypto';
import { describeArchiveContract } from '../../test/archive.contract';
import { MongoAlertArchive } from './mongo-archive';

const uri = mongoUri();

/** Each test gets its own database, dropped afterwards. */
function databaseUri(base: string): string {
  const url = new URL(base);
  url.pathname = `/cirtmesh_contract_${randomUUID().slice(0, 8)}`;
  return url.toString();
}

if (uri) {
  describeArchiveContract('MongoDB', async (options) => {
    const dbUri = databaseUri(uri);
    const archive = await MongoAlertArchive.connect(dbUri, options);
    return {
      archive,
      dispose: async () => {
        const connection = await mongoose.createConnection(dbUri).asPromise();
        await connection.dropDatabase();
        await connection.close();
      },
    };
  });
} else {
  process.stderr.write('AlertArchive contract on MongoDB: skipped, MONGODB_URI is not set (the in-memory run covers the same contract)\n');
  it.skip('AlertArchive contract on MongoDB', () => undefined); // skipped: MONGODB_URI is not set, and MongoDB cannot be installed on CI machines
}
