// PlatformAdapter: what the composition root starts and stops, one per platform.

/**
 * A platform front end: turns platform events into Invocations for the command runtime and renders
 * the Replies it returns. No business logic lives in an adapter.
 *
 * @example
 * const adapter: PlatformAdapter = createConsoleAdapter({ runtime, input: process.stdin, output: process.stdout, user });
 * await adapter.start();   // resolves once the adapter is listening (the console: once input has ended)
 * await adapter.stop();    // stop taking input; work in flight is drained by the caller
 */
export interface PlatformAdapter {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}
