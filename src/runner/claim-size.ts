/** At most this many times the usual claim (64 x 8 trials of 10 folds: a few seconds of work). */
const MAX_SCALE = 64;
/** Claims may take up to 1/DUTY of the main thread's time before they grow. */
const DUTY = 20;
/** A claim this quick never makes claims grow (a small sweep's claims stay small). */
const NEGLIGIBLE_MS = 5;

/**
 * How many times the usual number of trials a runner claims at once. A claim's cost grows with the
 * sweep (the store looks through its trials; 30 ms at 150,000 on an idle machine, and a SQLite
 * claim blocks the event loop), while the work it hands out does not. So when claims take more
 * than 1/20 of the time between them, the next ones are twice as large, and when they take less
 * than 1/200, half as large: the claims' share of the main thread stays small at any sweep size.
 * A claim under 5 ms never grows them: small sweeps keep small claims (and runners an even share).
 */
export class ClaimSize {
  private scale = 1;
  private lastStart: number | null = null;
  private started = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  get factor(): number {
    return this.scale;
  }

  begin(): void {
    this.started = this.now();
  }

  end(): void {
    const ended = this.now();
    const took = ended - this.started;
    if (this.lastStart !== null) {
      const interval = ended - this.lastStart;
      if (took > NEGLIGIBLE_MS && took * DUTY > interval) this.scale = Math.min(MAX_SCALE, this.scale * 2);
      else if (took * DUTY * 10 < interval) this.scale = Math.max(1, this.scale / 2);
    }
    this.lastStart = this.started;
  }
}
