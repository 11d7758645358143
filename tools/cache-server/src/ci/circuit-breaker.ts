/**
 * Stops asking a hanging upstream for a while: after `threshold` failures in a row, requests are
 * skipped for `cooldownMs`; then one request is let through as a trial, and its outcome closes the
 * breaker or opens it for another cooldown. Any answer that shows the server working (a hit, a miss,
 * a stored or refused write) resets the count. A hanging server then costs a few timeouts per
 * cooldown instead of one per request.
 */
export interface CircuitBreakerOptions {
  threshold: number;
  cooldownMs: number;
  onOpen?: (failuresInARow: number, cooldownMs: number) => void;
  now?: () => number;
}

export class CircuitBreaker {
  private failuresInARow = 0;
  private openUntil = 0;
  private trialInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Whether a request may go upstream now. */
  admit(): 'go' | 'skip' {
    if (this.failuresInARow < this.options.threshold) return 'go';
    if (this.trialInFlight || this.now() < this.openUntil) return 'skip';
    this.trialInFlight = true;
    return 'go';
  }

  success(): void {
    this.failuresInARow = 0;
    this.trialInFlight = false;
  }

  failure(): void {
    const wasTrial = this.trialInFlight;
    this.trialInFlight = false;
    this.failuresInARow++;
    if (
      this.failuresInARow === this.options.threshold ||
      (wasTrial && this.failuresInARow > this.options.threshold)
    ) {
      this.openUntil = this.now() + this.options.cooldownMs;
      this.options.onOpen?.(this.failuresInARow, this.options.cooldownMs);
    }
  }
}
