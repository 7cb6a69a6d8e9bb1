// A token bucket shared by every request of a client: concurrent requests draw from one budget.
// Each request reserves a token (the balance may go negative) and waits until its token exists,
// so waiting requests are served in order and a burst never exceeds the configured size.

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly perSecond: number,
    readonly burst: number = Math.max(1, Math.ceil(perSecond)),
    private now: () => number = () => Date.now(),
  ) {
    if (!(perSecond > 0)) throw new Error('rate must be positive');
    this.tokens = burst;
    this.last = this.now();
  }

  /** reserves one token; returns how many milliseconds to wait before using it */
  reserve(): number {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.perSecond) * 1000);
  }
}
