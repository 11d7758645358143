import { describe, expect, it } from 'vitest';
import { ActionableError, describeFailure } from './actionable-error.js';

describe('describeFailure', () => {
  it('gives the message alone for an expected failure', () => {
    expect(
      describeFailure(new ActionableError('The build folder dist/x is missing: run the build first.')),
    ).toBe('The build folder dist/x is missing: run the build first.');
  });

  it('keeps the stack of an unexpected error, which is a bug to report', () => {
    const text = describeFailure(new TypeError('x is undefined'));
    expect(text.split('\n')[0]).toBe('x is undefined');
    expect(text).toContain('actionable-error.spec.ts');
  });

  it('prints non-errors as they are', () => {
    expect(describeFailure('plain')).toBe('plain');
  });
});
