import { isPermanent, PermanentMessageError, redeliveryDelayMs } from './errors';

describe(redeliveryDelayMs.name, () => {
  it('doubles from 250 ms and caps at 10 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map(redeliveryDelayMs)).toEqual([250, 500, 1000, 2000, 4000, 8000, 10000, 10000, 10000]);
  });
});

describe(isPermanent.name, () => {
  it('tells a message that can never be valid from any other error', () => {
    expect(isPermanent(new PermanentMessageError('BAD', 'bad'))).toBe(true);
    expect(isPermanent(new Error('timeout'))).toBe(false);
    expect(isPermanent({ code: 'BAD' })).toBe(false);
  });
});
