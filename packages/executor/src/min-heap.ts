/** A min-heap of non-negative integers (transaction indexes): the ready queue of a list scheduler. */
export class IntMinHeap {
  private items: Int32Array;
  private count = 0;

  constructor(capacity: number) {
    this.items = new Int32Array(Math.max(1, capacity));
  }

  get size(): number {
    return this.count;
  }

  push(value: number): void {
    const items = this.items;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent] <= value) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = value;
  }

  pop(): number {
    const items = this.items;
    const top = items[0];
    const last = items[--this.count];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.count) break;
      if (child + 1 < this.count && items[child + 1] < items[child]) child++;
      if (last <= items[child]) break;
      items[i] = items[child];
      i = child;
    }
    items[i] = last;
    return top;
  }
}
