import { describe, expect, it } from 'vitest';
import { defineCommand, parseArgs, usageLine } from '../../src/core/command.js';
import { UserError } from '../../src/core/errors.js';
import { adminOnly } from '../../src/core/guards.js';
import { silentLogger } from '../../src/core/logger.js';
import { replyToPlainText, textReply } from '../../src/core/reply.js';
import { createCommandRuntime } from '../../src/core/runtime.js';
import { invocation } from '../support/invocation.js';

const question = defineCommand({
  name: 'question',
  description: 'Get a question',
  options: [
    { name: 'topic', type: 'string', description: 'Topic' },
    { name: 'difficulty', type: 'integer', description: 'Level', choices: [1, 2, 3] },
  ],
  run: ({ args }) => textReply(`topic=${args.topic ?? '-'} difficulty=${args.difficulty ?? '-'}`),
});

const answer = defineCommand({
  name: 'answer',
  description: 'Answer',
  options: [{ name: 'text', type: 'text', description: 'Your answer', required: true }],
  run: ({ args }) => textReply(`[${args.text}]`),
});

const schedule = defineCommand({
  name: 'schedule',
  description: 'Schedules',
  subcommands: [
    defineCommand({
      name: 'set',
      description: 'Set',
      options: [
        { name: 'time', type: 'string', description: 'HH:MM', required: true },
        { name: 'tz', type: 'string', description: 'Zone' },
        { name: 'days', type: 'string', description: 'Days', choices: ['daily', 'mon-fri'] },
      ],
      guards: [adminOnly],
      run: ({ args }) => textReply(`set ${args.time} tz=${args.tz ?? '-'} days=${args.days ?? '-'}`),
    }),
    defineCommand({ name: 'show', description: 'Show', run: () => textReply('shown') }),
  ],
});

const broken = defineCommand({
  name: 'broken',
  description: 'Throws',
  run: () => {
    throw new Error('database password is hunter2\n    at secret (/app/x.ts:1:1)');
  },
});

describe('parseArgs', () => {
  const usage = usageLine(['question'], question);

  it.each([
    ['', {}],
    ['rag', { topic: 'rag' }],
    ['rag 2', { topic: 'rag', difficulty: 2 }],
    ['difficulty=3', { difficulty: 3 }],
    ['difficulty=3 rag', { difficulty: 3, topic: 'rag' }],
    ['"vector databases" 1', { topic: 'vector databases', difficulty: 1 }],
  ])('reads %j', (text, expected) => {
    expect(parseArgs(question, text, usage)).toEqual(expected);
  });

  it.each([
    ['rag 4', /must be one of 1, 2, 3, not 4/],
    ['rag two', /must be a whole number, not "two"/],
    ['rag 2 extra', /did not expect "extra"/],
  ])('refuses %j with the usage line', (text, message) => {
    const run = () => parseArgs(question, text, usage);
    expect(run).toThrow(UserError);
    expect(run).toThrow(message);
    expect(run).toThrow('Usage: `/coach question [topic] [difficulty]`');
  });

  it('keeps a text option verbatim, newlines and key=value lookalikes included', () => {
    const text = 'LoRA adds rank=8 adapters.\nIt freezes the base weights.';
    expect(parseArgs(answer, text, 'usage')).toEqual({ text });
  });
});

describe('defineCommand', () => {
  it('refuses a text option that is not last', () => {
    expect(() =>
      defineCommand({
        name: 'bad',
        description: 'x',
        options: [
          { name: 'text', type: 'text', description: 'x' },
          { name: 'topic', type: 'string', description: 'x' },
        ],
        run: () => textReply('x'),
      }),
    ).toThrow(/text option must come last/);
  });

  it('writes usage lines from the options', () => {
    expect(usageLine(['answer'], answer)).toBe('/coach answer <text>');
    expect(usageLine(['schedule'], schedule)).toBe('/coach schedule set|show');
  });
});

describe('command runtime', () => {
  const errors: object[] = [];
  const runtime = createCommandRuntime({
    commands: [question, answer, schedule, broken],
    services: {},
    logger: { ...silentLogger, error: (obj) => errors.push(obj) },
  });
  const run = async (command: string, text = '', isAdmin = false) =>
    replyToPlainText(await runtime.handle(invocation(command, text, { user: { isAdmin } })));

  it('runs a command with parsed arguments', async () => {
    expect(await run('question', 'rag 2')).toBe('topic=rag difficulty=2');
  });

  it('suggests the closest command for a typo', async () => {
    expect(await run('questoin')).toBe(
      "I don't know `questoin`. Did you mean `question`? Type `help` to see what I can do.",
    );
    expect(await run('zzz')).toBe("I don't know `zzz`. Type `help` to see what I can do.");
  });

  it('resolves subcommands from the text or the command path', async () => {
    expect(await run('schedule', 'set 09:00 tz=Europe/Berlin days=mon-fri', true)).toBe(
      'set 09:00 tz=Europe/Berlin days=mon-fri',
    );
    expect(await run('schedule show')).toBe('shown');
    expect(await run('schedule')).toContain('Usage: `/coach schedule set|show`');
  });

  it('refuses admin-only subcommands to members in the core', async () => {
    expect(await run('schedule', 'set 09:00')).toBe('Only workspace admins and owners can use `schedule`.');
  });

  it('hides unexpected errors behind a short line with a reference, and logs them once', async () => {
    const text = await run('broken');
    expect(text).toMatch(
      /^Something went wrong on my side \(ref `[0-9a-f-]{36}`\)\. Please try again in a moment\.$/,
    );
    expect(text).not.toContain('hunter2');
    expect(errors).toHaveLength(1);
  });

  it('takes typed arguments from platforms that parse them (Discord options)', async () => {
    const reply = await runtime.handle(invocation('question', '', { args: { topic: 'rag', difficulty: 3 } }));
    expect(replyToPlainText(reply)).toBe('topic=rag difficulty=3');
    const bad = await runtime.handle(invocation('question', '', { args: { difficulty: 9 } }));
    expect(replyToPlainText(bad)).toContain('must be one of 1, 2, 3, not 9');
  });
});
