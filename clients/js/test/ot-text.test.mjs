import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  apply, checkOp, codePointLength, compose, normalize, toCodePoint, toUtf16, transform, transformPosition,
} from '../src/ot-text.js';

// the vectors the server's TextOpTests passes too: the reference ot-text-unicode 4.0.0's answers
const resources = new URL('../../../src/test/resources/dev/parley/documents/', import.meta.url);
const vectors = JSON.parse(readFileSync(new URL('ot-text-unicode-vectors.json', resources), 'utf8'));

test('gives the reference implementation\'s answers, as the server does', () => {
  assert.equal(vectors.generator, 'ot-text-unicode 4.0.0');
  assert.equal(vectors.cases.length, 1000);
  for (const c of vectors.cases) {
    const why = JSON.stringify(c);
    assert.deepEqual(transform(c.a, c.b, 'left'), c.aLeftOfB, why);
    assert.deepEqual(transform(c.b, c.a, 'right'), c.bRightOfA, why);
    const afterA = apply(c.doc, c.a);
    assert.equal(apply(afterA, c.bRightOfA), c.converged, why);
    assert.deepEqual(compose(c.a, c.next), c.aThenNext, why);
    assert.equal(apply(afterA, c.next), c.afterNext, why);
    assert.equal(transformPosition(c.cursor, c.a), c.cursorAfterA, why);
  }
});

test('passes ot-text-unicode\'s own transform vectors', () => {
  const lines = readFileSync(new URL('text-transform-tests.json', resources), 'utf8').split('\n');
  const legacy = (line) => normalize(JSON.parse(line).map((c) => (typeof c === 'number' ? c
    : c.i != null ? c.i : { d: c.d.length })));
  let n = 0;
  while (lines.length >= 4) {
    const [op, other, side, expected] = [legacy(lines.shift()), legacy(lines.shift()), lines.shift(),
      legacy(lines.shift())];
    assert.deepEqual(transform(op, other, side), expected);
    n++;
  }
  assert.equal(n, 46);
});

test('positions count code points; a textarea\'s UTF-16 indices convert both ways', () => {
  assert.equal(codePointLength('a😀b'), 3);
  assert.equal(apply('😀𝄞ab', [2, 'x', 1, { d: 1 }]), '😀𝄞xa');
  assert.equal(toUtf16('a😀b', 2), 3);
  assert.equal(toCodePoint('a😀b', 3), 2);
  assert.throws(() => apply('😀𝄞a', [2, 'x', 1, { d: 1 }]), /past the end/);
});

test('refuses what is not a normal op', () => {
  for (const bad of [{}, 'abc', [0, 'a'], [-1, 'a'], [1.5, 'a'], [''], [{ d: 0 }], [{ d: true }], [{ x: 1 }],
    [null], [true], [1, 2, 'a'], ['a', 'b'], [{ d: 1 }, { d: 1 }], ['a', 3]]) {
    assert.throws(() => checkOp(bad), Error, JSON.stringify(bad));
  }
  checkOp([3, 'hi', 5, { d: 8 }]);
});
