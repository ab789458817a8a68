// The one timeout race: a promise against a timer that is always cleared, so
// a settled race never keeps Node's event loop (or a test) alive.

/** `promise`'s value, or `onTimeout()`'s after `ms` (a throw there rejects). */
export async function within<T, F>(promise: Promise<T>, ms: number, onTimeout: () => F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<F>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
