import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeChangeError, describeError, isRetryable, retryAfterMs } from '../src/errors.js';

test('error codes read as words', () => {
  assert.equal(describeError({ code: 'RATE_LIMITED', message: 'You are sending too fast (limits: 8/s); retry in 0.4 s' }),
    'You are sending too fast; trying again in 1 s');
  assert.equal(describeError({ code: 'RATE_LIMITED' }), 'You are sending too fast');
  assert.equal(describeError({ code: 'VALIDATION', message: 'content must not be empty' }),
    'That message cannot be sent: content must not be empty');
  assert.match(describeError({ code: 'UNAVAILABLE', message: 'db down' }), /trouble/);
  assert.equal(describeError({ code: 'SOMETHING_NEW', message: 'as the server put it' }), 'as the server put it');
  assert.equal(describeError(undefined), 'Something went wrong');
});

test('only transient refusals are retried', () => {
  assert.ok(isRetryable('RATE_LIMITED'));
  assert.ok(isRetryable('UNAVAILABLE'));
  assert.ok(isRetryable('DISCONNECTED'));
  assert.ok(!isRetryable('VALIDATION'));
  assert.ok(!isRetryable('FORBIDDEN'));
  assert.equal(retryAfterMs('...; retry in 1.25 s'), 1250);
  assert.equal(retryAfterMs('no hint'), null);
});

test('a change to a message that was taken back says what and why', () => {
  assert.equal(describeChangeError('edit the message', { code: 'FORBIDDEN', message: 'not the author' }),
    'Could not edit the message: you are not allowed to do that');
  assert.equal(describeChangeError('delete the message', { code: 'NOT_FOUND' }),
    'Could not delete the message: that message does not exist (any more)');
  assert.equal(describeChangeError('react', { code: 'VALIDATION', message: 'at most 20 different reactions' }),
    'Could not react: at most 20 different reactions');
  assert.equal(describeChangeError('react', { code: 'TIMEOUT' }), 'Could not react: the server did not confirm it');
  assert.equal(describeChangeError('react', {}), 'Could not react: something went wrong');
});
