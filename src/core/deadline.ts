// Platform acknowledgement deadlines: wait for work only as long as an acknowledgement can wait.

/**
 * The work's result, or `undefined` when it takes longer than `ms`: the caller then acknowledges at once
 * and delivers the result later (Slack's response URL, Discord's deferred reply).
 *
 * @example const reply = await resultWithin(runtime.handle(invocation), 2_000);
 */
export async function resultWithin<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
