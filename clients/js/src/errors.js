// Parley's error reports (/user/queue/errors, problem details, ERROR frames) in words for people.

const WORDS = {
  RATE_LIMITED: 'You are sending too fast',
  FORBIDDEN: 'You are not allowed to do that',
  NOT_FOUND: 'That conversation does not exist (any more)',
  VALIDATION: 'That message cannot be sent',
  BAD_REQUEST: 'The server did not understand that request',
  UNAVAILABLE: 'Parley is having trouble right now; your message will be sent when it recovers',
  UNAUTHORIZED: 'Your sign-in has expired; please sign in again',
  DISCONNECTED: 'Not connected; your message will be sent when the connection is back',
};

/** Errors worth retrying with the same clientMessageId. */
export function isRetryable(code) {
  return code === 'RATE_LIMITED' || code === 'UNAVAILABLE' || code === 'DISCONNECTED';
}

/** Seconds to wait before retrying, from "...; retry in 1.5 s", if the message says so. */
export function retryAfterMs(message) {
  const match = /retry in ([0-9.]+) s/.exec(message || '');
  return match ? Math.ceil(parseFloat(match[1]) * 1000) : null;
}

/**
 * @param {{code?: string, message?: string}} error
 * @returns {string} one sentence to show
 */
export function describeError(error) {
  const code = error && error.code;
  const message = (error && (error.message || error.detail)) || '';
  const words = WORDS[code];
  if (!words) return message || 'Something went wrong';
  if (code === 'RATE_LIMITED') {
    const wait = retryAfterMs(message);
    return wait ? `${words}; trying again in ${Math.max(1, Math.round(wait / 1000))} s` : words;
  }
  if (code === 'VALIDATION' || code === 'FORBIDDEN' || code === 'BAD_REQUEST') {
    return message ? `${words}: ${message}` : words;
  }
  return words;
}

const CHANGE_WORDS = {
  FORBIDDEN: 'you are not allowed to do that',
  NOT_FOUND: 'that message does not exist (any more)',
  VALIDATION: 'that is not allowed',
  RATE_LIMITED: 'you are doing that too fast; try again in a moment',
  UNAVAILABLE: 'Parley is having trouble right now; try again in a moment',
  DISCONNECTED: 'not connected',
  TIMEOUT: 'the server did not confirm it',
};

/**
 * A change to a message (edit, delete, reaction) that was taken back, in words: "Could not edit the message: you
 * are not allowed to do that". A VALIDATION refusal says the server's reason.
 * @param {string} what "edit the message", "delete the message", "react"
 * @param {{code?: string, message?: string}} error
 */
export function describeChangeError(what, error) {
  const code = error && error.code;
  const message = (error && (error.message || error.detail)) || '';
  const words = code === 'VALIDATION' && message ? message : CHANGE_WORDS[code] || message || 'something went wrong';
  return `Could not ${what}: ${words}`;
}
