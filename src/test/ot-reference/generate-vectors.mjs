// Writes random cases with the reference ot-text-unicode 4.0.0's answers, for TextOpTests (Java) and, later, the
// page's own text type: a document, two ops made on it at once, each transformed by the other (both sides), the
// second transformed and composed after the first, the results applied, and cursor positions moved by the first.
// Deterministic (seeded); rerun with `npm ci && npm run vectors` after changing it.
import ot from 'ot-text-unicode';

const { type } = ot;
const ALPHABET = ['a', 'b', 'c', ' ', '\n', 'é', '😀', '𝄞'];
// mulberry32: small, seeded, and exact in JavaScript's numbers
let seed = 20261206;
const random = (n) => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) % n;
};
const text = (n) => Array.from({ length: n }, () => ALPHABET[random(ALPHABET.length)]).join('');
const length = (s) => [...s].length;

// as ot-text-unicode's own generator: skips, deletes and inserts walking the document
function op(doc) {
  const components = [];
  let at = 0;
  while (at < length(doc) && random(4) !== 0) {
    let n = 1 + random(Math.min(length(doc) - at, 4));
    const kind = random(3);
    if (kind === 0) components.push(n);
    else if (kind === 1) components.push({ d: n });
    else { components.push(text(1 + random(3))); n = 0; }
    at += n;
  }
  if (random(2)) components.push(text(1 + random(3)));
  return type.normalize(components);
}

const cases = [];
for (let i = 0; i < 1000; i++) {
  const doc = text(random(14));
  const a = op(doc);
  const b = op(doc);
  const bAfterA = type.transform(b, a, 'right');
  const afterA = type.apply(doc, a);
  const next = op(afterA);
  const cursor = random(length(doc) + 1);
  cases.push({
    doc, a, b,
    aLeftOfB: type.transform(a, b, 'left'),
    bRightOfA: bAfterA,
    converged: type.apply(afterA, bAfterA),
    next,
    aThenNext: type.compose(a, next),
    afterNext: type.apply(afterA, next),
    cursor,
    cursorAfterA: type.transformPosition(cursor, a),
  });
}
process.stdout.write(JSON.stringify({ generator: 'ot-text-unicode 4.0.0', cases }, null, 0) + '\n');
