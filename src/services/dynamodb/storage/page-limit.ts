// The page budget of a Query or Scan: stop at Limit items evaluated, or after the item that
// takes the data read to 1 MB (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html:
// "A single Query only returns a result set that fits within the 1 MB size limit"), whichever
// comes first. Sizes are counted before any filter, as DynamoDB does.

export const MAX_PAGE_BYTES = 1024 * 1024;

export type PageStop = "limit" | "size";

export class PageBudget {
  count = 0;
  bytes = 0;

  constructor(
    private readonly limit: number | undefined,
    private readonly maxBytes: number = MAX_PAGE_BYTES,
  ) {}

  /** Items that may still be read. */
  get remaining(): number {
    return this.limit === undefined ? Number.POSITIVE_INFINITY : this.limit - this.count;
  }

  /** Counts one item read; says why the page must end after it, if it must. */
  take(size: number): PageStop | undefined {
    this.count++;
    this.bytes += size;
    if (this.limit !== undefined && this.count >= this.limit) return "limit";
    if (this.bytes >= this.maxBytes) return "size";
    return undefined;
  }
}
