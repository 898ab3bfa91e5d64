/**
 * A promise whose rejection is reported where it is awaited, not as an unhandled rejection
 * meanwhile: for work started ahead and awaited later (a batch read ahead, the next chunk read
 * while this one is written), which may fail before anyone awaits it.
 */
export function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
