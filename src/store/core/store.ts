import { Copier } from './copier.js';
import type { Driver } from './driver.js';
import { LeaseStore } from './leases.js';
import { NoteBook } from './notes.js';
import { OuterFitBook } from './outer-fits.js';
import { ResultsReader } from './results.js';
import { SweepCatalog } from './sweeps.js';

/**
 * One open results store (a SQLite file, or a schema on a PostgreSQL server), seen by each caller
 * through its own part: `sweeps` writes sweeps and plans (run), `leases` claims and stores work
 * (the runner), `results` reads (Results, every read command, a run's progress), `copier` moves
 * whole sweeps (copy), `notes` writes notes (note), `outerFits` nested
 * cross-validation's outer fits (nested). All six share one connection (or pool) and its transactions.
 */
export class Store {
  readonly sweeps: SweepCatalog;
  readonly leases: LeaseStore;
  readonly results: ResultsReader;
  readonly copier: Copier;
  readonly notes: NoteBook;
  readonly outerFits: OuterFitBook;

  constructor(private readonly driver: Driver) {
    this.sweeps = new SweepCatalog(driver);
    this.leases = new LeaseStore(driver);
    this.results = new ResultsReader(driver);
    this.copier = new Copier(driver);
    this.notes = new NoteBook(driver);
    this.outerFits = new OuterFitBook(driver);
  }

  get dialect(): 'sqlite' | 'postgres' {
    return this.driver.dialect;
  }

  /** For messages: the file path, or the URL without its password. */
  get location(): string {
    return this.driver.location;
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}
