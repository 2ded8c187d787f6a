import { DomainError, isPermanentError } from './errors';

class SampleRefusedError extends DomainError {
  constructor() {
    super('SAMPLE_REFUSED', 'refused for the sample', { permanent: true, details: { reasons: ['r'] }, cause: new Error('under') });
  }
}

describe(DomainError.name, () => {
  it('carries a stable code, its class name, the cause, the details and whether it is permanent', () => {
    const error = new SampleRefusedError();
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'SampleRefusedError', code: 'SAMPLE_REFUSED', permanent: true, details: { reasons: ['r'] } });
    expect((error.cause as Error).message).toBe('under');
    expect(isPermanentError(error)).toBe(true);
  });

  it('is transient unless it says otherwise, and nothing else counts as permanent', () => {
    expect(isPermanentError(new DomainError('BUSY', 'try again'))).toBe(false);
    expect(isPermanentError(Object.assign(new Error('x'), { permanent: true }))).toBe(false);
  });
});
