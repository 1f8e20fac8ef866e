// The scanning state both structured filter-pattern parsers (JSON and space-delimited) share:
// a position in the pattern, the regular-expression budget and the one error AWS gives for
// any malformed pattern.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
import { FilterPatternError, INVALID_PATTERN } from "./values.js";

/** AWS allows at most two regular expressions in one JSON or space-delimited pattern. */
const MAX_REGEX = 2;

export abstract class PatternCursor {
  protected i = 0;
  private regexCount = 0;

  constructor(protected readonly src: string) {}

  protected fail(): never {
    throw new FilterPatternError(INVALID_PATTERN);
  }

  /** Counts one more regular expression, failing past AWS's limit. */
  protected countRegex(): void {
    if (++this.regexCount > MAX_REGEX) this.fail();
  }

  protected skipSpace(): void {
    while (this.i < this.src.length && /\s/.test(this.src[this.i]!)) this.i++;
  }

  protected take(token: string): boolean {
    this.skipSpace();
    if (this.src.startsWith(token, this.i)) {
      this.i += token.length;
      return true;
    }
    return false;
  }
}
