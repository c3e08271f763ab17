// The console adapter: a readline REPL over stdin/stdout that speaks the same /coach commands.
import { randomUUID } from 'node:crypto';
import { createInterface, type Interface } from 'node:readline';
import type { Invocation } from '../../core/invocation.js';
import type { PlatformAdapter } from '../../core/platform.js';
import type { Reply } from '../../core/reply.js';
import type { CommandRuntime } from '../../core/runtime.js';
import { renderReply } from './render.js';

export interface ConsoleAdapterConfig {
  runtime: CommandRuntime;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  user: { id: string; name: string; timezone: string };
  /** Show a prompt and colours (a terminal), or print only replies (piped input). */
  interactive: boolean;
}

export interface ConsoleAdapter extends PlatformAdapter {
  /** Resolves when input has ended (or `stop` was called) and every command, grading included, is done. */
  readonly done: Promise<void>;
}

/** `/coach question rag` and `question rag` are the same line; returns the command word and the rest. */
export function parseConsoleLine(line: string): { command: string; text: string } | null {
  const trimmed = line.trim();
  if (!trimmed || trimmed.startsWith('#')) return null;
  const withoutPrefix = trimmed.replace(/^\/coach(?:\s+|$)/i, '');
  const match = /^(\S+)\s*([\s\S]*)$/.exec(withoutPrefix);
  if (!match) return { command: 'help', text: '' };
  return { command: (match[1] ?? '').toLowerCase(), text: match[2] ?? '' };
}

/**
 * Creates the console adapter. Lines are run one at a time, in order, each to its end (grading
 * included), so a script's transcript is deterministic. A line ending in `\` continues on the next.
 */
export function createConsoleAdapter(config: ConsoleAdapterConfig): ConsoleAdapter {
  const { runtime, output, user, interactive } = config;
  let readline: Interface | undefined;
  let stopped = false;
  let queue: Promise<void> = Promise.resolve();
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });

  const write = (text: string) => output.write(`${text}\n`);
  const show = (reply: Reply) => write(`${renderReply(reply, { color: interactive })}\n`);

  async function run(line: string): Promise<void> {
    const parsed = parseConsoleLine(line);
    if (!parsed) return;
    const invocation: Invocation = {
      id: randomUUID(),
      platform: 'console',
      tenantId: 'console',
      channelId: 'console',
      user: { id: user.id, name: user.name, isAdmin: true, timezone: user.timezone },
      command: parsed.command,
      text: parsed.text,
      raw: line,
    };
    let reply: Reply | undefined = await runtime.handle(invocation);
    while (reply) {
      show(reply);
      reply = reply.followUp ? await reply.followUp() : undefined;
    }
  }

  return {
    name: 'console',
    done,
    async start() {
      readline = createInterface({ input: config.input, output, terminal: interactive, prompt: 'coach> ' });
      let pending: string[] = [];
      const prompt = () => {
        if (interactive && !stopped) readline?.setPrompt(pending.length > 0 ? '...> ' : 'coach> ');
        if (interactive && !stopped) readline?.prompt();
      };
      readline.on('line', (line) => {
        if (stopped) return;
        if (line.endsWith('\\')) {
          pending.push(line.slice(0, -1));
          prompt();
          return;
        }
        const full = [...pending, line].join('\n');
        pending = [];
        queue = queue.then(() => run(full)).then(prompt);
      });
      readline.on('close', () => {
        // A continued line cut off by the end of input still runs.
        if (pending.length > 0 && !stopped) {
          const full = pending.join('\n');
          queue = queue.then(() => run(full));
        }
        void queue.then(() => resolveDone());
      });
      prompt();
    },
    async stop() {
      stopped = true;
      readline?.close();
      await queue;
    },
  };
}
