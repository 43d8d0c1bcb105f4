/**
 * The discrete-event queue: at most one pending event per worker, ordered by (time, worker id) so
 * ties resolve the same way on every run. A binary heap over two typed arrays: no allocation per event.
 */
export class EventQueue {
  private readonly times: Float64Array;
  private readonly workers: Int32Array;
  private count = 0;

  constructor(capacity: number) {
    this.times = new Float64Array(capacity);
    this.workers = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event; only meaningful when size > 0. */
  get topTime(): number {
    return this.times[0];
  }

  get topWorker(): number {
    return this.workers[0];
  }

  /** Whether an event (time, worker) would be processed before the current earliest one. */
  precedesTop(time: number, worker: number): boolean {
    if (this.count === 0) return true;
    const top = this.times[0];
    return time < top || (time === top && worker < this.workers[0]);
  }

  push(time: number, worker: number): void {
    const times = this.times;
    const workers = this.workers;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent];
      if (pt < time || (pt === time && workers[parent] < worker)) break;
      times[i] = pt;
      workers[i] = workers[parent];
      i = parent;
    }
    times[i] = time;
    workers[i] = worker;
  }

  /** Removes the earliest event (read it first with topTime/topWorker). */
  pop(): void {
    const times = this.times;
    const workers = this.workers;
    const last = --this.count;
    if (last === 0) return;
    const time = times[last];
    const worker = workers[last];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      const right = child + 1;
      if (
        right < last &&
        (times[right] < times[child] || (times[right] === times[child] && workers[right] < workers[child]))
      ) {
        child = right;
      }
      const ct = times[child];
      if (time < ct || (time === ct && worker < workers[child])) break;
      times[i] = ct;
      workers[i] = workers[child];
      i = child;
    }
    times[i] = time;
    workers[i] = worker;
  }
}
