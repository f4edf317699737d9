// Unit tests of the page's words; run by `node --test` (./mvnw verify runs them through JavaScriptUnitTests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileStageText, memberNames, notificationText, seenByText, sizeText, typingText } from '../js/format.js';

test('notifications read title and text from the usual fields, or show what came', () => {
  assert.deepEqual(notificationText('{"title":"Invoice ready","text":"<b>#7</b> is paid"}'),
    { title: 'Invoice ready', text: '<b>#7</b> is paid' });
  assert.deepEqual(notificationText('{"subject":"Hi","message":"m"}'), { title: 'Hi', text: 'm' });
  assert.deepEqual(notificationText('{"body":"b"}'), { title: 'Notification', text: 'b' });
  assert.deepEqual(notificationText('{"amount":7}'), { title: 'Notification', text: '{"amount":7}' });
  assert.deepEqual(notificationText('not json'), { title: 'Notification', text: 'not json' });
  assert.deepEqual(notificationText('42'), { title: 'Notification', text: '42' });
});

test('who is typing, in alphabetical order', () => {
  assert.equal(typingText([]), '');
  assert.equal(typingText(['bob']), 'bob is typing…');
  assert.equal(typingText(new Map([['carol', 1], ['bob', 2]]).keys()), 'bob and carol are typing…');
  assert.equal(typingText(['a', 'b', 'c']), '3 people are typing…');
});

test('upload stages in words', () => {
  assert.equal(sizeText(1023), '1023 B');
  assert.equal(sizeText(144000), '140.6 KB');
  assert.equal(fileStageText({ stage: 'checksum', percent: 40 }), 'Checksum 40%');
  assert.equal(fileStageText({ stage: 'failed', percent: 60, reason: 'too large' }), 'Failed: too large');
  assert.equal(fileStageText({ stage: 'done', percent: 100, contentType: 'text/plain', size: 2048,
    sha256: '0123456789abcdef0123' }), 'Done · text/plain · 2.0 KB · sha256 0123456789ab…');
});

test('members are separated by commas or spaces', () => {
  assert.deepEqual(memberNames(' bob, carol  dave,,'), ['bob', 'carol', 'dave']);
  assert.deepEqual(memberNames(''), []);
});

test('"Seen by" names the others who have read the last message, or says nothing', () => {
  assert.equal(seenByText(['bob', 'carol']), 'Seen by bob, carol');
  assert.equal(seenByText([]), '');
});
