import { demoDirectory } from '@cirtmesh/testing';
import { arrivalOf, candidatesFor } from './candidates';
import { hubView } from './hub-view';

const directory = demoDirectory();
const africa = hubView(directory, 'africa');
const global = hubView(directory, 'global');
const none = new Set<string>();

describe(candidatesFor.name, () => {
  it('gives a regional hub its members but the origin, and the hub above, for an alert from below', () => {
    expect(candidatesFor(africa, directory, { sender: 'ke', from: 'below', origin: 'ke', named: none })).toEqual([
      { kind: 'node', id: 'ng', direct: true },
      { kind: 'node', id: 'za', direct: true },
      { kind: 'node', id: 'ke-fin', direct: true },
      { kind: 'hub', id: 'global', reach: ['asia-pacific'] },
    ]);
  });

  it('adds every named node beyond the region, as not direct, but never the origin', () => {
    const named = new Set(['jp', 'ng', 'ke']);
    const candidates = candidatesFor(africa, directory, { sender: 'ke', from: 'below', origin: 'ke', named });
    expect(candidates.filter((c) => c.kind === 'node' && c.direct === false)).toEqual([{ kind: 'node', id: 'jp', direct: false }]);
    expect(candidates.map((c) => c.id)).not.toContain('ke');
  });

  it('sends nothing back up for an alert from above, and no named node beyond', () => {
    const candidates = candidatesFor(africa, directory, { sender: 'global', from: 'above', origin: 'jp', named: new Set(['my']) });
    expect(candidates).toEqual(['ke', 'ng', 'za', 'ke-fin'].map((id) => ({ kind: 'node', id, direct: true })));
  });

  it('gives the global hub every region but the one the alert came from', () => {
    expect(candidatesFor(global, directory, { sender: 'africa', from: 'below', origin: 'ke', named: new Set(['jp']) })).toEqual([
      { kind: 'hub', id: 'asia-pacific', reach: ['asia-pacific'] },
    ]);
  });
});

describe(arrivalOf.name, () => {
  it('says how an alert from an origin reaches each hub', () => {
    expect(arrivalOf(africa, directory, 'ke')).toEqual({ sender: 'ke', from: 'below' });
    expect(arrivalOf(africa, directory, 'jp')).toEqual({ sender: 'global', from: 'above' });
    expect(arrivalOf(global, directory, 'jp')).toEqual({ sender: 'asia-pacific', from: 'below' });
    expect(arrivalOf(africa, directory, 'atlantis')).toBeUndefined();
  });
});
