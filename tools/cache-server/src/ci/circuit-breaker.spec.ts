import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';

describe('CircuitBreaker', () => {
  const make = () => {
    let now = 0;
    const opened: number[] = [];
    const breaker = new CircuitBreaker({
      threshold: 3,
      cooldownMs: 1000,
      onOpen: (failures) => opened.push(failures),
      now: () => now,
    });
    return { breaker, opened, advance: (ms: number) => (now += ms) };
  };

  it('lets everything through until the threshold, then nothing until the cooldown is over', () => {
    const { breaker, opened, advance } = make();
    for (let i = 0; i < 3; i++) {
      expect(breaker.admit()).toBe('go');
      breaker.failure();
    }
    expect(opened).toEqual([3]);
    expect(breaker.admit()).toBe('skip');
    advance(999);
    expect(breaker.admit()).toBe('skip');
    advance(1);
    expect(breaker.admit()).toBe('go');
    // One trial at a time.
    expect(breaker.admit()).toBe('skip');
  });

  it('closes after a successful trial and opens again after a failed one', () => {
    const { breaker, opened, advance } = make();
    for (let i = 0; i < 3; i++) breaker.failure();
    advance(1000);
    expect(breaker.admit()).toBe('go');
    breaker.failure();
    expect(opened).toEqual([3, 4]);
    expect(breaker.admit()).toBe('skip');
    advance(1000);
    expect(breaker.admit()).toBe('go');
    breaker.success();
    expect(breaker.admit()).toBe('go');
    expect(breaker.admit()).toBe('go');
  });

  it('counts failures in a row only: a success in between starts over', () => {
    const { breaker, opened } = make();
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();
    breaker.failure();
    expect(breaker.admit()).toBe('go');
    expect(opened).toEqual([]);
  });
});
