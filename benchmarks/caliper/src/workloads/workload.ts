import type { SutAdapter } from './sut-calls';

/**
 * The interface Caliper's workers drive (`createWorkloadModule()` of each module): initialized once per
 * round and worker with the round's `arguments` from the benchmark configuration, then
 * `submitTransaction` as the rate controller asks.
 */
export abstract class Workload<Args> {
  protected sut!: SutAdapter;
  protected args!: Args;
  protected worker = 0;
  protected workers = 1;
  private sequence = 0;

  initializeWorkloadModule(
    workerIndex: number,
    totalWorkers: number,
    _roundIndex: number,
    roundArguments: Args,
    sutAdapter: SutAdapter,
  ): Promise<void> {
    this.worker = workerIndex;
    this.workers = totalWorkers;
    this.args = roundArguments;
    this.sut = sutAdapter;
    return Promise.resolve();
  }

  abstract submitTransaction(): Promise<void>;

  cleanupWorkloadModule(): Promise<void> {
    return Promise.resolve();
  }

  /** Items of `list` owned by this worker, in turn, so two workers never write the same key. */
  protected next<T>(list: readonly T[]): T {
    const own = list.filter((_, index) => index % this.workers === this.worker);
    const item = own[this.sequence % own.length];
    this.sequence += 1;
    if (item === undefined) throw new Error(`worker ${this.worker} has no items among ${list.length}`);
    return item;
  }

  protected get count(): number {
    return this.sequence;
  }
}
