/**
 * When to try a failed delivery again: the first delay after the first failure, doubled after each
 * further one, never more than the cap (defaults 1 min, 2, 4, … 1 h). Exponential, so a server
 * that is down for hours is not hammered, and capped, so mail goes out within the hour once it is
 * back.
 */
export function retryDelaySeconds(failedAttempts: number, initialSeconds: number, maxSeconds: number): number {
  // Past 40 doublings any delay is beyond any sensible cap; bounding the exponent keeps it finite.
  const doublings = Math.min(Math.max(0, failedAttempts - 1), 40);
  return Math.min(initialSeconds * 2 ** doublings, maxSeconds);
}
