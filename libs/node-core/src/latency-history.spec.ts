import { LatencyHistory } from './latency-history';

const at = (minute: number, second = 0): string => new Date(Date.UTC(2026, 11, 2, 10, minute, second)).toISOString();

describe(LatencyHistory.name, () => {
  it('keeps each minute of deliveries with its median, p99 and maximum', () => {
    const history = new LatencyHistory();
    for (let i = 1; i <= 100; i += 1) history.record(at(0, 0), new Date(Date.parse(at(0, 1)) + i).toISOString());
    history.record(at(2, 0), at(2, 3));
    expect(history.points(new Date(at(2, 30)))).toEqual([
      { minute: at(0), deliveries: 100, p50Ms: 1_050, p99Ms: 1_099, maxMs: 1_100 },
      { minute: at(2), deliveries: 1, p50Ms: 3_000, p99Ms: 3_000, maxMs: 3_000 },
    ]);
  });

  it('forgets minutes that left the window, and reads a clock behind the origin as no delay', () => {
    const history = new LatencyHistory(10);
    history.record(at(0), at(0, 1));
    history.record(at(5, 2), at(5, 1));
    expect(history.points(new Date(at(9, 59))).map((p) => p.minute)).toEqual([at(0), at(5)]);
    expect(history.points(new Date(at(10, 0)))).toEqual([{ minute: at(5), deliveries: 1, p50Ms: 0, p99Ms: 0, maxMs: 0 }]);
  });

  it('holds a bounded sample of a busy minute, and counts every delivery', () => {
    const history = new LatencyHistory(60, () => 0.999_999);
    for (let i = 0; i < 5_000; i += 1) history.record(at(0), at(0, 2));
    const [minute] = history.points(new Date(at(0, 59)));
    expect(minute).toMatchObject({ deliveries: 5_000, p50Ms: 2_000, maxMs: 2_000 });
  });
});
