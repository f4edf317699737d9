// The op that turns one text into another, for a <textarea>: whatever the browser did (a key, a paste, an undo, a
// drop), the change is one run replaced between a common prefix and a common suffix. Positions count code points;
// the run never starts or ends inside a surrogate pair, so an emoji is replaced whole.
import { codePointLength } from './ot-text.js';

const isHigh = (c) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c) => c >= 0xdc00 && c <= 0xdfff;

/**
 * @param {string} before
 * @param {string} after
 * @param {number} [caret] where the caret is in `after` (UTF-16), to place an ambiguous insert ("aa" to "aaa") where
 *   it was typed
 * @returns {Array} a normal op (empty when nothing changed)
 */
export function diff(before, after, caret = after.length) {
  if (before === after) return [];
  const grow = after.length - before.length;
  let prefixMax = Math.min(before.length, after.length);
  // an insert of `grow` units typed with the caret now at `caret` began at caret - grow
  if (grow > 0) prefixMax = Math.min(prefixMax, Math.max(0, caret - grow));
  let prefix = 0;
  while (prefix < prefixMax && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHigh(before.charCodeAt(prefix - 1))) prefix--; // not between the halves of a pair
  const suffixMax = Math.min(before.length, after.length) - prefix;
  let suffix = 0;
  while (suffix < suffixMax
    && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  if (suffix > 0 && isLow(before.charCodeAt(before.length - suffix))) suffix--;
  const op = [];
  const skip = codePointLength(before.slice(0, prefix));
  if (skip > 0) op.push(skip);
  const deletes = codePointLength(before.slice(prefix, before.length - suffix));
  if (deletes > 0) op.push({ d: deletes });
  const inserted = after.slice(prefix, after.length - suffix);
  if (inserted.length > 0) op.push(inserted);
  return op;
}
