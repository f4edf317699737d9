// Reconnect delays: exponential backoff with "full jitter" (a random delay between 0 and the exponential ceiling),
// so that thousands of pages dropped by one server restart do not all come back in the same instant.

/**
 * @param {number} attempt 0 for the first retry, 1 for the second, ...
 * @param {object} [options]
 * @param {number} [options.base=500] ceiling of the first delay, in ms
 * @param {number} [options.max=30000] ceiling of every delay, in ms
 * @param {() => number} [options.random=Math.random] a number in [0, 1)
 * @returns {number} delay in ms, in [0, min(max, base * 2^attempt))
 */
export function backoffDelay(attempt, { base = 500, max = 30000, random = Math.random } = {}) {
  const ceiling = Math.min(max, base * 2 ** Math.min(Math.max(attempt, 0), 30));
  return Math.floor(random() * ceiling);
}
