// What the page says, as functions with no DOM (unit-tested): notifications, who is typing, upload stages, members.

/** A frame of /user/queue/notifications as a toast's title and text (JSON with title/text and similar, or plain). */
export function notificationText(body) {
  let payload;
  try { payload = JSON.parse(body); } catch { payload = body; }
  if (payload && typeof payload === 'object') {
    const title = [payload.title, payload.subject].find((v) => typeof v === 'string') || 'Notification';
    const text = [payload.text, payload.message, payload.body].find((v) => typeof v === 'string');
    return { title, text: text !== undefined ? text : JSON.stringify(payload) };
  }
  return { title: 'Notification', text: String(payload) };
}

/** "alice is typing…", "alice and bob are typing…", "3 people are typing…", or '' (names in any order). */
export function typingText(names) {
  const sorted = [...names].sort();
  return sorted.length === 0 ? ''
    : sorted.length === 1 ? `${sorted[0]} is typing…`
      : sorted.length === 2 ? `${sorted[0]} and ${sorted[1]} are typing…`
        : `${sorted.length} people are typing…`;
}

export function sizeText(bytes) {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** The stage line of an upload, from an event of /user/queue/files. */
export function fileStageText(event) {
  if (event.stage === 'done') {
    return `Done · ${event.contentType} · ${sizeText(event.size)} · sha256 ${event.sha256.slice(0, 12)}…`;
  }
  if (event.stage === 'failed') return `Failed: ${event.reason}`;
  return `${event.stage[0].toUpperCase()}${event.stage.slice(1)} ${event.percent}%`;
}

/** The usernames typed into "Members": separated by commas or spaces. */
export function memberNames(text) {
  return text.split(/[,\s]+/).map((m) => m.trim()).filter(Boolean);
}

/** The line under the last message: "Seen by alice, bob", or '' when nobody else has read it yet. */
export function seenByText(names) {
  return names.length ? `Seen by ${names.join(', ')}` : '';
}
