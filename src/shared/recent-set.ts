// Marks that only have to last a moment: from when a request makes an object until a later step
// of the same request looks for it (the proxy event's bytes until Lambda's Invoke checks them).
// A WeakSet or WeakMap entry per request makes every young-generation collection process an
// ephemeron for it, a measured share of an API Gateway -> Lambda request's CPU; a small ring of
// strong references costs a store to add and a few compares to look up. The ring forgets the
// oldest mark once `size` newer ones came, so a caller must take a miss as "not known" (and do
// the work the mark would have saved), never as "known not", and must keep what it puts here
// small (it is held until pushed out).
export class RecentSet<T extends object> {
  private readonly items: (T | undefined)[];
  private next = 0;

  constructor(size: number) {
    this.items = new Array<T | undefined>(size).fill(undefined);
  }

  add(item: T): void {
    this.items[this.next] = item;
    this.next = this.next + 1 === this.items.length ? 0 : this.next + 1;
  }

  /** Looked for newest first: a mark is usually looked up soon after it was added. */
  has(item: T): boolean {
    const items = this.items;
    for (let i = this.next - 1; i >= 0; i--) if (items[i] === item) return true;
    for (let i = items.length - 1; i >= this.next; i--) if (items[i] === item) return true;
    return false;
  }
}
