import { backoffMs } from './backoff';

describe(backoffMs.name, () => {
  it('starts at the base and doubles with each attempt up to the cap', () => {
    const waits = [0, 1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, { baseMs: 100, capMs: 2_000 }));
    expect(waits).toEqual([100, 200, 400, 800, 1600, 2000]);
  });

  it('waits the base before the first retry, however the attempt is counted below it', () => {
    expect(backoffMs(-3, { baseMs: 250, capMs: 10_000 })).toBe(250);
  });

  it('stays at the cap however many attempts have failed', () => {
    expect(backoffMs(50, { baseMs: 250, capMs: 10_000 })).toBe(10_000);
    expect(backoffMs(5_000, { baseMs: 250, capMs: 10_000 })).toBe(10_000);
  });
});
