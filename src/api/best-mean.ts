/** Never read more often than this. */
const MIN_INTERVAL_MS = 1_000;
/** Read again when nothing completed here for this long (other runners may have found a better one). */
const IDLE_INTERVAL_MS = 10_000;
/** A read may take at most 1/DUTY of the time between two reads. */
const DUTY = 20;

/**
 * The store's best mean, as the progress line shows it. Reading it aggregates every trial of the
 * sweep (0.25 s for 150,000 trials on an idle machine, and SQLite blocks the event loop while it
 * does), so it is not read after every completed trial: at most once a second, and at least 20
 * times its own last duration apart, so that whatever the sweep's size the reads take at most 5%
 * of the main thread and a signal is never kept waiting behind a queue of them.
 */
export class BestMean {
  private best: number | null;
  private trialsSeen = 0;
  private readAt: number;
  private nextAt: number;
  private reading = false;

  constructor(
    private readonly read: () => Promise<number | null>,
    initial: number | null,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.best = initial;
    this.readAt = this.nextAt = clock();
  }

  /** The last value read; starts a new read when one is due (its value is shown from the next call on). */
  current(trialsDone: number): number | null {
    const now = this.clock();
    const due = trialsDone !== this.trialsSeen || now - this.readAt > IDLE_INTERVAL_MS;
    if (due && !this.reading && now >= this.nextAt) {
      this.trialsSeen = trialsDone;
      this.reading = true;
      const started = this.clock();
      this.read()
        .then(
          (b) => (this.best = b),
          () => {
            // A locked or unreachable database: keep the last best.
          },
        )
        .finally(() => {
          const ended = this.clock();
          this.reading = false;
          this.readAt = ended;
          this.nextAt = ended + Math.max(MIN_INTERVAL_MS, DUTY * (ended - started));
        });
    }
    return this.best;
  }
}
