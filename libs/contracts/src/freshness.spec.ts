import { assertFresh, StaleAlertError } from './freshness';

describe(assertFresh.name, () => {
  const alert = { id: '0190', createdAt: '2026-11-22T10:00:00.000Z' };
  const now = new Date('2026-11-22T10:30:00Z');

  it('accepts an alert inside the window', () => {
    expect(() => assertFresh(alert, now, 3_600_000)).not.toThrow();
  });

  it('refuses alerts older than the window or from the future, as permanent STALE errors', () => {
    const thrown = (at: Date): unknown => {
      try {
        assertFresh(alert, at, 3_600_000);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const old = thrown(new Date('2026-12-30T00:00:00Z'));
    expect(old).toBeInstanceOf(StaleAlertError);
    expect(old).toMatchObject({ code: 'STALE', permanent: true, name: 'StaleAlertError' });
    expect((old as Error).message).toMatch(/outside the freshness window/);
    expect((thrown(new Date('2026-11-22T09:50:00Z')) as Error).message).toMatch(/in the future/);
  });
});
