import { isTraceparent, newTraceparent, parseHopPath } from './headers';

describe(isTraceparent.name, () => {
  it('accepts a W3C traceparent and refuses malformed or all-zero ids', () => {
    expect(isTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe(true);
    expect(isTraceparent('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBe(false);
    expect(isTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01')).toBe(false);
    expect(isTraceparent('garbage')).toBe(false);
    expect(isTraceparent(undefined)).toBe(false);
  });

  it('makes new trace contexts that are valid and distinct', () => {
    const a = newTraceparent();
    expect(isTraceparent(a)).toBe(true);
    expect(newTraceparent()).not.toBe(a);
  });
});

describe(parseHopPath.name, () => {
  it('reads a comma-separated hop path, ignoring blanks', () => {
    expect(parseHopPath('africa, global,,asia-pacific')).toEqual(['africa', 'global', 'asia-pacific']);
    expect(parseHopPath(undefined)).toEqual([]);
  });
});
