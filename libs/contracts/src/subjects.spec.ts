import { deliverConsumer, laneOfSubject, senderOfIngest, Subjects } from './subjects';

describe('lanes in subjects', () => {
  it('tells the lane and the sender of either lane, and nothing of another hub or a deeper subject', () => {
    expect(laneOfSubject(Subjects.ingest('africa', 'ke', 'critical'))).toBe('critical');
    expect(laneOfSubject(Subjects.deliver('africa', 'ng', 'critical'))).toBe('critical');
    expect(laneOfSubject(Subjects.ingest('africa', 'ke'))).toBe('bulk');
    expect(laneOfSubject(Subjects.nodeSentCritical('ke'))).toBe('bulk');
    expect(senderOfIngest('africa', Subjects.ingest('africa', 'ke', 'critical'))).toBe('ke');
    expect(senderOfIngest('africa', Subjects.ingest('africa', 'ke'))).toBe('ke');
    expect(senderOfIngest('africa', Subjects.ingest('global', 'africa', 'critical'))).toBeUndefined();
    expect(senderOfIngest('africa', 'mesh.ingest-critical.africa.ke.x')).toBeUndefined();
    expect(deliverConsumer('ng', 'critical')).toBe('ng_critical');
  });
});
