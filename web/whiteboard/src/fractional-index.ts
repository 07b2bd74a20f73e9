// Keys for z_index and page order, compared as plain strings; the same keys as Java's
// FractionalIndex. A key is an integer part, whose first letter gives its number of digits
// ('a' one, 'b' two, ...; 'Z' one, 'Y' two, ... below), and an optional base-62 fraction that
// never ends in '0'. Stacking steps the integer part, so keys stay short; inserting between
// two neighbours grows the fraction.

const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ZERO = "a0";

/**
 * A key strictly between `before` and `after`; null for either stands for the bottom or the top.
 * Two clients asking for the same gap get the same key; paint order then falls back to the id.
 */
export function between(before: string | null, after: string | null): string {
  if (before !== null) requireKey(before);
  if (after !== null) requireKey(after);
  if (before !== null && after !== null && before >= after) throw new Error(`not ordered: ${before} >= ${after}`);
  if (before === null && after === null) return ZERO;
  if (before === null) {
    const integer = integerPart(after!);
    if (after!.length > integer.length) return integer;
    const lower = step(integer, -1);
    if (lower === null) throw new Error(`no key below ${after}`);
    return lower;
  }
  const integer = integerPart(before);
  const fraction = before.slice(integer.length);
  if (after !== null && integerPart(after) === integer) return integer + midpoint(fraction, after.slice(integer.length));
  const higher = step(integer, 1);
  if (higher !== null && (after === null || higher < after)) return higher;
  return integer + midpoint(fraction, null);
}

/** A fraction strictly between a ("" for zero) and b (null for one). */
function midpoint(a: string, b: string | null): string {
  if (b !== null) {
    let n = 0;
    while (n < b.length && (n < a.length ? a[n] : "0") === b[n]) n++;
    if (n > 0) return b.slice(0, n) + midpoint(a.slice(Math.min(n, a.length)), b.slice(n));
  }
  const low = a === "" ? 0 : DIGITS.indexOf(a[0]!);
  const high = b === null ? DIGITS.length : DIGITS.indexOf(b[0]!);
  if (high - low > 1) return DIGITS[Math.floor((low + high) / 2)]!;
  if (b !== null && b.length > 1) return b.slice(0, 1);
  return DIGITS[low]! + midpoint(a === "" ? "" : a.slice(1), null);
}

/** The next integer part up (+1) or down (-1), or null past the last one. */
function step(integer: string, delta: 1 | -1): string | null {
  const digits = integer.slice(1).split("");
  const top = delta > 0 ? "z" : "0";
  const bottom = delta > 0 ? "0" : "z";
  for (let i = digits.length - 1; i >= 0; i--) {
    if (digits[i] !== top) {
      digits[i] = DIGITS[DIGITS.indexOf(digits[i]!) + delta]!;
      return integer[0] + digits.join("");
    }
    digits[i] = bottom;
  }
  const head = integer.charCodeAt(0);
  const next =
    delta > 0 ? (head === 0x5a ? 0x61 : head + 1) : head === 0x61 ? 0x5a : head - 1;
  const nextHead = String.fromCharCode(next);
  const length = integerLength(nextHead);
  return length < 0 ? null : nextHead + bottom.repeat(length);
}

function integerLength(head: string): number {
  if (head >= "a" && head <= "z") return head.charCodeAt(0) - 0x61 + 1;
  if (head >= "A" && head <= "Z") return 0x5a - head.charCodeAt(0) + 1;
  return -1;
}

function integerPart(key: string): string {
  return key.slice(0, 1 + integerLength(key[0]!));
}

/**
 * Whether `key` follows the grammar `between` makes keys in (Java's FractionalIndex.isKey): the room
 * refuses any other z_index or page order, since nothing could ever be placed next to it.
 */
export function isKey(key: string): boolean {
  const length = key === "" ? -1 : integerLength(key[0]!);
  return (
    length > 0 &&
    key.length > length &&
    [...key.slice(1)].every((c) => DIGITS.includes(c)) &&
    (key.length === length + 1 || !key.endsWith("0"))
  );
}

function requireKey(key: string): void {
  if (!isKey(key)) throw new Error(`not a fractional index: "${key}"`);
}
