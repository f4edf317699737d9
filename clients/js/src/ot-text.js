// The text type of shared documents, as the server's (dev.parley.documents.TextOp): ot-text-unicode's op format and
// definitions (https://github.com/ottypes/text-unicode, MIT licence, Copyright 2011 ottypes library contributors),
// rewritten as a plain ES module for the page, which cannot load that CommonJS package without a build step.
//
// An op is a list of components walking the document: a number skips that many characters, a string inserts it,
// {d: n} deletes n characters. Positions and lengths count Unicode code points, not UTF-16 units: toCodePoint and
// toUtf16 convert a textarea's indices. Ops are normal: no empty component, no two adjacent of one kind, no
// trailing skip. Checked against the reference package's answers by test/ot-text.test.mjs.

/** Code points in a string (an emoji is one, not two). */
export const codePointLength = (s) => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    n++;
  }
  return n;
};

// The UTF-16 index `codePoints` code points after index `from` in `s`, or -1 if `s` ends before.
const advance = (s, from, codePoints) => {
  let i = from;
  for (let n = 0; n < codePoints; n++) {
    if (i >= s.length) return -1;
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length
      && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff ? 2 : 1;
  }
  return i;
};

/** The UTF-16 index of the code point at `codePoints` in `s` (s.length past its end). */
export const toUtf16 = (s, codePoints) => {
  const i = advance(s, 0, codePoints);
  return i < 0 ? s.length : i;
};

/** The code point position of a UTF-16 index in `s`, such as a textarea's selectionStart. */
export const toCodePoint = (s, utf16) => codePointLength(s.slice(0, utf16));

const isSkip = (c) => typeof c === 'number';
const isInsert = (c) => typeof c === 'string';
const deleted = (c) => (typeof c.d === 'number' ? c.d : codePointLength(c.d));
const preLength = (c) => (isSkip(c) ? c : isInsert(c) ? 0 : deleted(c));
const postLength = (c) => (isSkip(c) ? c : isInsert(c) ? codePointLength(c) : 0);
const kind = (c) => (isSkip(c) ? 'skip' : isInsert(c) ? 'insert' : 'delete');

/** Throws unless `op` is a normal op. */
export function checkOp(op) {
  if (!Array.isArray(op)) throw new Error('op must be an array of components');
  let last = null;
  for (const c of op) {
    if (isSkip(c)) {
      if (!Number.isInteger(c) || c < 1) throw new Error('a skip must be a whole number of at least 1');
    } else if (isInsert(c)) {
      if (c.length === 0) throw new Error('an insert must not be empty');
    } else if (c === null || typeof c !== 'object' || !('d' in c) || Object.keys(c).length !== 1
        || !((Number.isInteger(c.d) && c.d >= 1) || (typeof c.d === 'string' && c.d.length > 0))) {
      throw new Error('a component must be a number (skip), a string (insert) or {d: number} (delete)');
    }
    if (last !== null && kind(last) === kind(c)) throw new Error('adjacent components of one kind must be combined');
    last = c;
  }
  if (last !== null && isSkip(last)) throw new Error('an op must not end with a skip');
}

/** Builds a normal op: drops empty components, merges adjacent ones of one kind, and (build) the trailing skip. */
function builder() {
  const op = [];
  return {
    add(c) {
      if (c === null || c === undefined || (preLength(c) === 0 && postLength(c) === 0)) return;
      const last = op.length - 1;
      if (last >= 0 && kind(op[last]) === kind(c)) {
        if (isSkip(c)) op[last] += c;
        else if (isInsert(c)) op[last] += c;
        else op[last] = { d: deleted(op[last]) + deleted(c) };
      } else {
        op.push(isSkip(c) || isInsert(c) ? c : { d: deleted(c) });
      }
    },
    build() {
      if (op.length > 0 && isSkip(op[op.length - 1])) op.pop();
      return op;
    },
  };
}

/** The op in normal form. */
export function normalize(op) {
  const b = builder();
  for (const c of op) b.add(c);
  return b.build();
}

// Hands out parts of an op's components; past its end, skips. `before`: split by the document before the op
// (inserts come whole), else by the document after it (deletes come whole). Offsets count code points.
function reader(op, before) {
  let index = 0;
  let offset = 0;
  const rest = () => {
    if (index === op.length) return null;
    const c = op[index];
    index++;
    const from = offset;
    offset = 0;
    if (isSkip(c)) return c - from;
    if (isInsert(c)) return c.slice(toUtf16(c, from));
    return { d: deleted(c) - from };
  };
  return {
    peek: () => op[index],
    rest,
    take(n) {
      if (index === op.length) return n;
      const c = op[index];
      const whole = isInsert(c) ? before : !isSkip(c) && !before;
      const left = (isInsert(c) ? codePointLength(c) : preLength(c)) - offset;
      if (whole || left <= n) return rest();
      const from = offset;
      offset += n;
      if (isInsert(c)) {
        const start = toUtf16(c, from);
        return c.slice(start, advance(c, start, n));
      }
      return isSkip(c) ? n : { d: n };
    },
  };
}

/** The document after `op`; throws if the op reaches past its end. */
export function apply(doc, op) {
  checkOp(op);
  let out = '';
  let at = 0; // UTF-16 index into doc
  const past = (n) => {
    const end = advance(doc, at, n);
    if (end < 0) throw new Error('the op reaches past the end of the document');
    return end;
  };
  for (const c of op) {
    if (isSkip(c)) {
      const end = past(c);
      out += doc.slice(at, end);
      at = end;
    } else if (isInsert(c)) {
      out += c;
    } else {
      at = past(deleted(c));
    }
  }
  return out + doc.slice(at);
}

/**
 * `op`, changed to apply after `other`, made concurrently on the same document; side 'left' puts op's insert first
 * where both insert at one position.
 */
export function transform(op, other, side) {
  if (side !== 'left' && side !== 'right') throw new Error("side must be 'left' or 'right'");
  checkOp(op);
  checkOp(other);
  const out = builder();
  const mine = reader(op, true);
  for (const theirs of other) {
    if (isSkip(theirs)) {
      let n = theirs;
      while (n > 0) {
        const part = mine.take(n);
        out.add(part);
        if (!isInsert(part)) n -= preLength(part);
      }
    } else if (isInsert(theirs)) {
      if (side === 'left' && isInsert(mine.peek())) out.add(mine.rest());
      out.add(codePointLength(theirs));
    } else {
      let n = deleted(theirs);
      while (n > 0) {
        const part = mine.take(n);
        if (isInsert(part)) out.add(part);
        else n -= preLength(part);
      }
    }
  }
  for (let part = mine.rest(); part !== null; part = mine.rest()) out.add(part);
  return out.build();
}

/** One op that does what `first` and then `next` do. */
export function compose(first, next) {
  checkOp(first);
  checkOp(next);
  const out = builder();
  const earlier = reader(first, false);
  for (const c of next) {
    if (isSkip(c)) {
      let n = c;
      while (n > 0) {
        const part = earlier.take(n);
        out.add(part);
        if (isSkip(part) || isInsert(part)) n -= postLength(part);
      }
    } else if (isInsert(c)) {
      out.add(c);
    } else {
      const n = deleted(c);
      let done = 0;
      while (done < n) {
        const part = earlier.take(n - done);
        if (isSkip(part)) {
          out.add({ d: part });
          done += part;
        } else if (isInsert(part)) {
          done += codePointLength(part);
        } else {
          out.add(part);
        }
      }
    }
  }
  for (let part = earlier.rest(); part !== null; part = earlier.rest()) out.add(part);
  return out.build();
}

/** Where a cursor (code points) is after `op`; an insert at the cursor goes after it. */
export function transformPosition(cursor, op) {
  let at = 0;
  for (let i = 0; i < op.length && cursor > at; i++) {
    const c = op[i];
    if (isSkip(c)) {
      at += c;
    } else if (isInsert(c)) {
      const n = codePointLength(c);
      at += n;
      cursor += n;
    } else {
      cursor -= Math.min(deleted(c), cursor - at);
    }
  }
  return cursor;
}
