import type {
  APIApplicationCommandOption,
  APIButtonComponent,
  APIEmbed,
  APITextInputComponent,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import {
  autocompleteChoices,
  buildCoachCommand,
  type InteractionOption,
  readCommandPath,
} from '../../../src/adapters/discord/command-definitions.js';
import {
  ANSWER_INPUT_ID,
  ANSWER_MODAL_PREFIX,
  answerModal,
  REPORT_INPUT_ID,
  REPORT_MODAL_PREFIX,
  readModalSubmission,
  reportModal,
} from '../../../src/adapters/discord/modal.js';
import {
  DISCORD_LIMITS,
  type DiscordMessage,
  escapeDiscordMarkdown,
  markdownToDiscord,
  parseCustomId,
  renderDiscordMessage,
  splitDiscordMarkdown,
} from '../../../src/adapters/discord/render.js';
import { AREAS } from '../../../src/bank/types.js';
import type { GradedAnswer } from '../../../src/core/coach.js';
import { defineCommand } from '../../../src/core/command.js';
import { silentLogger } from '../../../src/core/logger.js';
import { gradeReply, questionReply } from '../../../src/core/replies.js';
import type { ButtonAction, Reply, Section } from '../../../src/core/reply.js';
import type { CoachServices } from '../../../src/core/services.js';
import type { Leaderboard } from '../../../src/core/store.js';
import { createTestBank, RAG_QUESTION } from '../../support/bank.js';
import { invocation } from '../../support/invocation.js';

// Discord's limits, from PLATFORMS.md and the message, component and modal references; written out here so
// that a wrong constant in the renderer cannot pass its own test.
const LIMITS = {
  embeds: 10,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  modalTitle: 45,
  modalLabel: 45,
  textInput: 4000,
  placeholder: 100,
};
const COMMAND_NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
const OPTION_TYPE = { subcommand: 1, group: 2, string: 3, integer: 4 };
/** Buttons and action rows as Discord numbers them. */
const COMPONENT = { actionRow: 1, button: 2, textInput: 4, label: 18 };
const EPHEMERAL = 1 << 6;

const fences = (text: string) => text.split('```').length - 1;
const lengthOf = (text: string | undefined) => text?.length ?? 0;

function embedSize(embed: APIEmbed): number {
  return (
    lengthOf(embed.title) +
    lengthOf(embed.description) +
    lengthOf(embed.footer?.text) +
    lengthOf(embed.author?.name) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/** Walks a rendered message and lists every Discord limit it breaks; [] when Discord would take it. */
function discordLimitProblems(message: DiscordMessage): string[] {
  const problems: string[] = [];
  const within = (where: string, text: string | undefined, max: number, min = 1) => {
    if (text === undefined) return;
    if (text.length < min || text.length > max)
      problems.push(`${where}: ${text.length} chars (${min}–${max})`);
  };
  if (message.content !== undefined) problems.push('content is set');
  if (JSON.stringify(message.allowedMentions) !== '{"parse":[]}') problems.push('allowedMentions');
  if (message.embeds.length === 0 && message.components.length === 0) problems.push('empty message');
  if (message.embeds.length > LIMITS.embeds) problems.push(`${message.embeds.length} embeds`);
  const total = message.embeds.reduce((sum, embed) => sum + embedSize(embed), 0);
  if (total > LIMITS.embedTotal) problems.push(`${total} chars across embeds`);
  message.embeds.forEach((embed, i) => {
    const at = `embed ${i}`;
    if (embedSize(embed) === 0) problems.push(`${at}: empty`);
    within(`${at} title`, embed.title, LIMITS.title);
    within(`${at} description`, embed.description, LIMITS.description);
    within(`${at} footer`, embed.footer?.text, LIMITS.footer);
    if (fences(embed.description ?? '') % 2 !== 0) problems.push(`${at}: unbalanced code fence`);
    const fields = embed.fields ?? [];
    if (fields.length > LIMITS.fields) problems.push(`${at}: ${fields.length} fields`);
    fields.forEach((field, j) => {
      within(`${at} field ${j} name`, field.name, LIMITS.fieldName);
      within(`${at} field ${j} value`, field.value, LIMITS.fieldValue);
      if (fences(field.value) % 2 !== 0) problems.push(`${at} field ${j}: unbalanced code fence`);
    });
  });
  if (message.components.length > LIMITS.actionRows) problems.push(`${message.components.length} rows`);
  const ids = new Set<string>();
  message.components.forEach((row, i) => {
    if (row.type !== COMPONENT.actionRow) problems.push(`row ${i}: type ${row.type}`);
    if (row.components.length < 1 || row.components.length > LIMITS.buttonsPerRow) {
      problems.push(`row ${i}: ${row.components.length} buttons`);
    }
    for (const button of row.components) {
      if (button.type !== COMPONENT.button || !('custom_id' in button)) {
        problems.push(`row ${i}: not a custom_id button`);
        continue;
      }
      within(`row ${i} custom_id`, button.custom_id, LIMITS.customId);
      within(`row ${i} label`, button.label, LIMITS.buttonLabel);
      if (ids.has(button.custom_id)) problems.push(`duplicate custom_id ${button.custom_id}`);
      ids.add(button.custom_id);
    }
  });
  return problems;
}

const words = (count: number) => Array.from({ length: count }, (_, i) => `word${i}`);
const reply = (sections: Section[], extra: Partial<Reply> = {}): Reply => ({
  sections,
  visibility: 'ephemeral',
  ...extra,
});
const descriptions = (message: DiscordMessage) => message.embeds.map((embed) => embed.description ?? '');
const buttonsOf = (message: DiscordMessage) =>
  message.components.flatMap((row) => row.components as Extract<APIButtonComponent, { custom_id: string }>[]);
/** What Discord shows for backslash-escaped text: every escaped punctuation character as itself. */
const shown = (markdown: string) => markdown.replace(/\\([^\p{L}\p{N}\s])/gu, '$1');

const graded: GradedAnswer = {
  answer: {
    id: 1,
    tenantId: 1,
    memberId: 1,
    channelId: 'C1',
    questionId: RAG_QUESTION.id,
    text: 'RAG retrieves documents @everyone',
    localDate: '2026-03-02',
    deliveryKey: 'k1',
    createdAt: new Date('2026-03-02T10:00:00Z'),
    status: 'graded',
    grade: null,
    counted: true,
    points: 12,
  },
  question: RAG_QUESTION,
  grade: {
    score: 50,
    verdict: 'partial',
    keyPoints: [
      {
        text: 'Relevant documents are retrieved at query time.',
        covered: true,
        evidence: 'it fetches docs <@123> @here *fast*',
      },
      { text: 'Grounding reduces hallucination.', covered: false },
    ],
    feedback: 'Good start; <@999> would agree. Say why grounding helps.',
    grader: 'rubric',
    fallbackReason: 'LLM judge timed out',
    flags: [],
  },
  streak: { current: 3, longest: 5, lastActiveDate: '2026-03-02', freezesUsed: 0, freezesHeld: 0 },
  seeAlso: [{ ...RAG_QUESTION, id: 'rag-chunking', title: 'Chunking' }],
};

const board: Leaderboard & { optedOut: boolean } = {
  top: [
    { rank: 1, memberId: 1, name: '@everyone Ann', points: 9, answers: 3 },
    { rank: 2, memberId: 2, name: 'Bea', points: 3, answers: 1 },
    { rank: 3, memberId: 3, name: 'Cy', points: 1, answers: 1 },
  ],
  caller: { rank: 2, memberId: 2, name: 'Bea', points: 3, answers: 1 },
  ranked: 3,
  optedOut: false,
};

const services = {
  commands,
  llmEndpoint: null,
  coach: { leaderboard: async () => board, bank: createTestBank() },
} as unknown as CoachServices;

/** The reply a real command builds, with fake services behind it. */
async function commandReply(name: string, args: Record<string, string | number> = {}): Promise<Reply> {
  const command = commands.find((entry) => entry.name === name);
  if (!command?.run) throw new Error(`no command ${name}`);
  return command.run({ invocation: invocation(name), args, services, logger: silentLogger });
}

const paragraph = (i: number) =>
  `Paragraph ${i}. Retrieval grounds the answer in documents fetched at query time. It keeps knowledge current.`;
/** A long reference answer: about 9,000 characters of paragraphs. */
const reference = Array.from({ length: 85 }, (_, i) => paragraph(i)).join('\n\n');
const longCode = Array.from(
  { length: 250 },
  (_, i) => `line_${i} = compute(${i}) if x < ${i} else None`,
).join('\n');

const FIXTURES: [string, Reply | (() => Promise<Reply>)][] = [
  ['a question', questionReply(RAG_QUESTION)],
  ['a grade', gradeReply(graded)],
  ['the leaderboard', () => commandReply('leaderboard')],
  ['help', () => commandReply('help')],
  ['topics', () => commandReply('topics')],
  ['a 9,000-char reference', reply([{ type: 'text', text: reference }], { title: 'Reference' })],
  ['a long code block', reply([{ type: 'code', code: longCode, language: 'python' }])],
  [
    'prose around a long code block',
    reply([
      { type: 'text', text: reference.slice(0, 3000) },
      { type: 'code', code: longCode.slice(0, 3000), language: 'python' },
      { type: 'text', text: reference.slice(0, 3000) },
    ]),
  ],
  [
    'a long quote',
    reply([{ type: 'quote', text: `${'@everyone says **hi**. '.repeat(300)}\n${'z'.repeat(7000)}` }]),
  ],
  ['30 fields', reply([{ type: 'fields', fields: words(30).map((w) => ({ label: w, value: w })) }])],
  ['600 fields', reply([{ type: 'fields', fields: words(600).map((w) => ({ label: w, value: w })) }])],
  [
    'over-long fields',
    reply([
      {
        type: 'fields',
        fields: [
          { label: 'L'.repeat(400), value: 'x y '.repeat(1500) },
          { label: '', value: '' },
          { label: 'Code', value: `\`\`\`\n${'c\n'.repeat(1000)}\`\`\`` },
        ],
      },
    ]),
  ],
  [
    'text and fields taking turns',
    reply(
      Array.from(
        { length: 30 },
        (_, i): Section =>
          i % 2
            ? { type: 'fields', fields: [{ label: `F${i}`, value: 'v' }] }
            : { type: 'text', text: `T${i}` },
      ),
    ),
  ],
  ['no spaces at all', reply([{ type: 'text', text: '\\*'.repeat(5000) }])],
  [
    'a long title and a long context',
    reply([{ type: 'context', text: 'c '.repeat(3000) }], { title: 'T'.repeat(400) }),
  ],
  [
    'many buttons',
    reply([{ type: 'text', text: 'hi' }], {
      buttons: Array.from({ length: 40 }, (_, i) => ({
        action: `reveal:q${i}` as const,
        label: 'L'.repeat(100),
      })),
    }),
  ],
];

describe('DISCORD_LIMITS', () => {
  it("holds Discord's documented numbers", () => {
    expect(DISCORD_LIMITS).toMatchObject(LIMITS);
  });
});

describe('markdownToDiscord', () => {
  it.each([
    ['**bold** *italic* `code` [docs](https://x.dev)', '**bold** *italic* `code` [docs](https://x.dev)'],
    ['Hi @everyone and @here', 'Hi \\@everyone and \\@here'],
    ['ping <@123> <@!4> <@&5> <#6>', 'ping \\<@123> \\<@!4> \\<@&5> \\<#6>'],
    ['in code `@everyone <@1>` stays', 'in code `@everyone <@1>` stays'],
    ['```\n@here\n```', '```\n@here\n```'],
    ['mail a@b.dev, <3, <https://x.dev>', 'mail a@b.dev, <3, <https://x.dev>'],
  ])('%j', (input, expected) => {
    expect(markdownToDiscord(input)).toBe(expected);
  });
});

describe('escapeDiscordMarkdown', () => {
  it.each([
    ['@everyone', '\\@everyone'],
    ['<@123>', '\\<\\@123\\>'],
    ['**not bold**', '\\*\\*not bold\\*\\*'],
    ['_x_ ~~y~~ ||z|| `c`', '\\_x\\_ \\~\\~y\\~\\~ \\|\\|z\\|\\| \\`c\\`'],
    ['[link](https://x.dev)', '\\[link\\](https://x.dev)'],
    ['# heading\n- item\n1. first\n> quote', '\\# heading\n\\- item\n1\\. first\n\\> quote'],
    ['a - b, 2. c, back\\slash', 'a - b, 2. c, back\\\\slash'],
  ])('%j', (input, expected) => {
    expect(escapeDiscordMarkdown(input)).toBe(expected);
    expect(shown(escapeDiscordMarkdown(input))).toBe(input);
  });
});

describe('renderDiscordMessage', () => {
  it.each(FIXTURES)('keeps %s within every Discord limit', async (_, fixture) => {
    const message = renderDiscordMessage(typeof fixture === 'function' ? await fixture() : fixture);
    expect(discordLimitProblems(message)).toEqual([]);
  });

  it('renders a question as one embed: title, text, the small print as a plain footer, three buttons', () => {
    const message = renderDiscordMessage(questionReply(RAG_QUESTION));
    expect(message.embeds).toEqual([
      {
        title: 'What is RAG?',
        description: 'What is retrieval-augmented generation and why is it used?',
        footer: { text: 'RAG and multimodal RAG · difficulty 1 (screening) · concept · what-is-rag' },
      },
    ]);
    expect(message.content).toBeUndefined();
    expect(buttonsOf(message).map((button) => [button.custom_id, button.label, button.style])).toEqual([
      ['coach:answer:what-is-rag', 'Answer', 1],
      ['coach:next', 'Next question', 2],
      ['coach:report:what-is-rag', 'Report a problem', 2],
    ]);
  });

  it.each([
    ['ephemeral', { flags: EPHEMERAL }],
    ['channel', {}],
  ] as const)('is %s as the reply says, and never allows a mention', (visibility, expected) => {
    const message = renderDiscordMessage(reply([{ type: 'text', text: '@everyone' }], { visibility }));
    expect(message.allowedMentions).toEqual({ parse: [] });
    expect(message.flags).toBe('flags' in expected ? expected.flags : undefined);
    expect('flags' in message).toBe('flags' in expected);
  });

  it("quotes a member's words verbatim: escaped, every line quoted", () => {
    const words = 'ping @everyone and <@123>\n\n**not bold** _nor_ `code` ||spoiler||\n# not a heading';
    const [description] = descriptions(renderDiscordMessage(reply([{ type: 'quote', text: words }])));
    expect(description).toBe(
      [
        '> ping \\@everyone and \\<\\@123\\>',
        '> ',
        '> \\*\\*not bold\\*\\* \\_nor\\_ \\`code\\` \\|\\|spoiler\\|\\|',
        '> \\# not a heading',
      ].join('\n'),
    );
    const lines = (description ?? '').split('\n');
    for (const line of lines) expect(line.startsWith('> ')).toBe(true);
    expect(lines.map((line) => shown(line.slice(2))).join('\n')).toBe(words);
    // Nothing Markdown or mention-like is left unescaped.
    expect(description).not.toMatch(/(?<!\\)[*_`|<@#]/);
  });

  it('keeps every line of a long quote quoted across embeds', () => {
    const message = renderDiscordMessage(
      reply([{ type: 'quote', text: `${'a '.repeat(2500)}\nshort\n${words(600).join(' ')}` }]),
    );
    expect(message.embeds.length).toBeGreaterThan(1);
    for (const line of descriptions(message).flatMap((d) => d.split('\n'))) {
      expect(line === '*…(truncated)*' || line.startsWith('> ')).toBe(true);
    }
  });

  it('splits a 9,000-char reference across embeds at paragraphs, within 6,000, with a truncation note', () => {
    expect(reference.length).toBeGreaterThan(9000);
    const message = renderDiscordMessage(reply([{ type: 'text', text: reference }], { title: 'Reference' }));
    const texts = descriptions(message);
    expect(texts).toHaveLength(2);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(4096);
    expect(message.embeds.reduce((sum, embed) => sum + embedSize(embed), 0)).toBeLessThanOrEqual(6000);
    expect(texts[0]?.length).toBeGreaterThan(3500);
    expect(texts[1]?.endsWith('\n*…(truncated)*')).toBe(true);
    // Both pieces are whole paragraphs of the reference, in order.
    const kept = `${texts[0]}\n\n${texts[1]?.replace('\n*…(truncated)*', '')}`;
    expect(reference.startsWith(`${kept}\n\n`)).toBe(true);
    expect(message.embeds[0]?.title).toBe('Reference');
  });

  it('closes and reopens a code block cut across embeds, keeping its language', () => {
    const message = renderDiscordMessage(
      reply([{ type: 'code', code: longCode.slice(0, 5000), language: 'python' }]),
    );
    const texts = descriptions(message);
    expect(texts).toHaveLength(2);
    for (const text of texts) {
      expect(text.startsWith('```python\n')).toBe(true);
      expect(text.endsWith('\n```')).toBe(true);
      expect(fences(text)).toBe(2);
    }
    const body = texts.map((text) => text.slice('```python\n'.length, -'\n```'.length)).join('\n');
    expect(body).toBe(longCode.slice(0, 5000).trimEnd());
  });

  it('cuts a reply past 10 embeds to 10, the last ending with the note', () => {
    const sections = Array.from(
      { length: 30 },
      (_, i): Section =>
        i % 2
          ? { type: 'fields', fields: [{ label: `F${i}`, value: 'v' }] }
          : { type: 'text', text: `T${i}` },
    );
    const message = renderDiscordMessage(reply(sections));
    expect(message.embeds).toHaveLength(10);
    expect(message.embeds[0]).toEqual({
      description: 'T0',
      fields: [{ name: 'F1', value: 'v', inline: true }],
    });
    expect(message.embeds.at(-1)?.fields?.at(-1)).toEqual({
      name: '\u200b',
      value: '*…(truncated)*',
      inline: false,
    });
  });

  it('puts 30 fields in two embeds of 25 and 5, inline', () => {
    const fields = words(30).map((w) => ({ label: `L ${w}`, value: `**v** ${w}` }));
    const message = renderDiscordMessage(reply([{ type: 'fields', fields }]));
    expect(message.embeds.map((embed) => embed.fields?.length)).toEqual([25, 5]);
    expect(message.embeds[0]?.fields?.[0]).toEqual({ name: 'L word0', value: '**v** word0', inline: true });
  });

  it('keeps reading order: fields after the text before them, text after fields in the next embed', () => {
    const message = renderDiscordMessage(gradeReply(graded));
    expect(message.embeds[0]).toMatchObject({
      title: 'What is RAG?: 50/100',
      fields: [
        { name: 'Score', value: '50/100 (partial)' },
        { name: 'Points', value: '+12' },
        { name: 'Streak', value: '3 days (longest 5)' },
      ],
    });
    expect(message.embeds[0]).not.toHaveProperty('description');
    const description = message.embeds[1]?.description ?? '';
    expect(description.startsWith('Good start; \\<@999> would agree.')).toBe(true);
    expect(description).toContain('**Covered (1/2)**\n\n• Relevant documents are retrieved at query time.');
    expect(description).toContain('you wrote: “it fetches docs \\<@123> \\@here *fast*”');
    expect(message.embeds[1]?.footer).toEqual({ text: 'Graded offline (LLM judge timed out).' });
  });

  it("bolds the caller's own leaderboard row, and only that one", async () => {
    const message = renderDiscordMessage(await commandReply('leaderboard'));
    expect(message.embeds).toEqual([
      {
        title: 'Leaderboard: this week',
        description: [
          '• 1. \\@everyone Ann: 9 pts (3 answers)',
          '• **2. Bea: 3 pts (1 answer)  ← you**',
          '• 3. Cy: 1 pt (1 answer)',
        ].join('\n'),
        footer: { text: '3 ranked.' },
      },
    ]);
    expect(message.flags).toBeUndefined();
  });

  it('keeps small print that is not last, or too long for a footer, as italic text', () => {
    const long = 'small '.repeat(400).trim();
    const message = renderDiscordMessage(
      reply([
        { type: 'context', text: 'First `note`' },
        { type: 'text', text: 'Body' },
        { type: 'context', text: long },
      ]),
    );
    expect(message.embeds).toEqual([{ description: `_First \`note\`_\n\nBody\n\n_${long}_` }]);
  });

  it.each([
    ['What is RAG?', 'What is RAG?'],
    ['  spaced\n\ttitle ', 'spaced title'],
  ])('keeps a short title %j', (title, expected) => {
    expect(renderDiscordMessage(reply([], { title })).embeds).toEqual([{ title: expected }]);
  });

  it('truncates a long title to 256 chars with an ellipsis', () => {
    const [embed] = renderDiscordMessage(reply([], { title: `${'Attention '.repeat(40)}end` })).embeds;
    expect(embed?.title?.length).toBeLessThanOrEqual(256);
    expect(embed?.title).toMatch(/^Attention Attention .*…$/);
  });

  it('makes buttons whose custom ids round-trip through parseCustomId', () => {
    const actions: ButtonAction[] = [
      'answer:what-is-rag',
      'next',
      'reveal:q:with:colons',
      'report:what-is-rag',
    ];
    const message = renderDiscordMessage(
      reply([], { buttons: actions.map((action) => ({ action, label: action })) }),
    );
    const buttons = buttonsOf(message);
    expect(buttons.map((button) => button.custom_id)).toEqual([
      'coach:answer:what-is-rag',
      'coach:next',
      'coach:reveal:q:with:colons',
      'coach:report:what-is-rag',
    ]);
    expect(buttons.map((button) => parseCustomId(button.custom_id))).toEqual(actions);
  });

  it('drops a button whose custom_id would pass 100 chars, and a duplicate; 12 buttons make rows of 5, 5, 2', () => {
    const id87 = 'q'.repeat(87);
    const message = renderDiscordMessage(
      reply([], {
        buttons: [
          { action: `answer:${id87}`, label: 'fits' },
          { action: `answer:${id87}x`, label: 'too long' },
          { action: 'next', label: 'Next' },
          { action: 'next', label: 'Next again' },
          ...Array.from({ length: 10 }, (_, i) => ({ action: `reveal:q${i}` as const, label: `  R\n${i} ` })),
        ],
      }),
    );
    expect(message.components.map((row) => row.components.length)).toEqual([5, 5, 2]);
    const buttons = buttonsOf(message);
    expect(buttons[0]?.custom_id).toHaveLength(100);
    expect(buttons.map((button) => button.label)).not.toContain('too long');
    expect(buttons.filter((button) => button.custom_id === 'coach:next')).toHaveLength(1);
    expect(buttons[2]?.label).toBe('R 0');
  });

  it('keeps at most 25 buttons, labels clipped to 80', () => {
    const message = renderDiscordMessage(
      reply([], {
        buttons: Array.from({ length: 40 }, (_, i) => ({
          action: `reveal:q${i}` as const,
          label: 'L'.repeat(100),
        })),
      }),
    );
    expect(message.components).toHaveLength(5);
    for (const button of buttonsOf(message)) expect(button.label?.length).toBeLessThanOrEqual(80);
  });

  it.each([
    ['coach:next', 'next'],
    ['coach:answer:q1', 'answer:q1'],
    ['coach:reveal:q:1', 'reveal:q:1'],
    ['coach:report:q1', 'report:q1'],
    ['coach:answer:', null],
    ['coach:answer', null],
    ['coach:other:q1', null],
    ['coach:nextx', null],
    ['answer:q1', null],
    ['coach_answer:q1', null],
  ])('parseCustomId(%j) is %j', (customId, expected) => {
    expect(parseCustomId(customId)).toBe(expected);
  });
});

describe('splitDiscordMarkdown', () => {
  it('never cuts inside inline code, a link or bold when a boundary is near', () => {
    const text = `${'word '.repeat(15)}\`code with spaces\` [a link](https://x.dev/a) **bold words here** end`;
    for (let max = 40; max < text.length; max += 7) {
      for (const piece of splitDiscordMarkdown(text, max)) {
        expect(piece.length).toBeLessThanOrEqual(max);
        expect((piece.match(/`/g) ?? []).length % 2).toBe(0);
        expect((piece.match(/\*\*/g) ?? []).length % 2).toBe(0);
      }
    }
  });

  it('never cuts between a backslash and what it escapes', () => {
    const pieces = splitDiscordMarkdown('\\*'.repeat(3000), 4096);
    expect(pieces.join('')).toBe('\\*'.repeat(3000));
    for (const piece of pieces) expect(piece.startsWith('\\')).toBe(true);
  });
});

describe('answerModal and reportModal', () => {
  const inputOf = (modal: ReturnType<typeof answerModal>) => {
    const [label] = modal.components;
    if (label?.type !== COMPONENT.label || !('component' in label)) throw new Error('not a label');
    return { label, input: label.component as APITextInputComponent };
  };

  it('asks for an answer in one required paragraph of up to 4,000 chars', () => {
    const modal = answerModal({ id: 'what-is-rag', title: 'What is RAG?' });
    expect(modal.custom_id).toBe(`${ANSWER_MODAL_PREFIX}what-is-rag`);
    expect(modal.title).toBe('Answer: What is RAG?');
    const { label, input } = inputOf(modal);
    expect(label).toMatchObject({ label: 'Your answer' });
    expect(label).not.toHaveProperty('description');
    expect(input).toEqual({
      type: COMPONENT.textInput,
      custom_id: ANSWER_INPUT_ID,
      style: 2,
      min_length: 1,
      max_length: 4000,
      required: true,
      placeholder: 'Explain it as you would in an interview',
    });
  });

  it('clips a long title to 45 chars and shows it in full under the label', () => {
    const title = 'Why does layer normalisation help transformers train stably at depth?';
    const modal = answerModal({ id: 'ln', title });
    expect(modal.title.length).toBeLessThanOrEqual(LIMITS.modalTitle);
    expect(modal.title).toMatch(/^Answer: Why does .*…$/);
    expect(inputOf(modal).label).toMatchObject({ description: title });
  });

  it('asks for a report of up to 1,000 chars', () => {
    const modal = reportModal({ id: 'what-is-rag', title: 'What is RAG?' });
    expect(modal.custom_id).toBe(`${REPORT_MODAL_PREFIX}what-is-rag`);
    const { label, input } = inputOf(modal);
    expect(label).toMatchObject({ label: 'What is wrong or unclear?' });
    expect(input).toMatchObject({ custom_id: REPORT_INPUT_ID, style: 2, max_length: 1000, required: true });
  });

  it('refuses a question id that cannot fit a custom_id', () => {
    expect(() => answerModal({ id: 'q'.repeat(88), title: 'T' })).toThrow(RangeError);
    expect(answerModal({ id: 'q'.repeat(87), title: 'T' }).custom_id).toHaveLength(100);
  });

  it.each([
    [
      'coach_answer:what-is-rag',
      { answer: 'My answer' },
      { kind: 'answer', questionId: 'what-is-rag', text: 'My answer' },
    ],
    ['coach_report:q:1', { note: 'Typo' }, { kind: 'report', questionId: 'q:1', text: 'Typo' }],
    ['coach_answer:q1', {}, { kind: 'answer', questionId: 'q1', text: '' }],
    ['coach_answer:', { answer: 'x' }, null],
    ['coach:answer:q1', { answer: 'x' }, null],
    ['other', {}, null],
  ])('readModalSubmission(%j, %j) is %j', (customId, fields, expected) => {
    expect(readModalSubmission(customId, fields)).toEqual(expected);
  });

  it('reads back what its own modals carry', () => {
    const modal = reportModal({ id: 'rag-chunking', title: 'Chunking' });
    expect(readModalSubmission(modal.custom_id, { [inputOf(modal).input.custom_id]: 'Wrong' })).toEqual({
      kind: 'report',
      questionId: 'rag-chunking',
      text: 'Wrong',
    });
  });
});

type Option = APIApplicationCommandOption;
/** The options under a command, subcommand or group ([] for a plain option). */
const optionsOf = (option: unknown): Option[] =>
  (option as { options?: Option[] } | undefined)?.options ?? [];

/** Every option under the command, subcommands and groups included. */
const allOptions = (options: Option[]): Option[] =>
  options.flatMap((option) => [option, ...allOptions(optionsOf(option))]);

/** The characters Discord counts toward a command's combined length (conservatively 4,000). */
const combinedLength = (options: Option[]): number =>
  allOptions(options).reduce(
    (sum, option) =>
      sum +
      option.name.length +
      option.description.length +
      ('choices' in option ? (option.choices ?? []) : []).reduce(
        (total, choice) => total + choice.name.length + String(choice.value).length,
        0,
      ),
    0,
  );

const schedule = defineCommand({
  name: 'schedule',
  description: 'Daily question for this channel',
  subcommands: [
    defineCommand({
      name: 'set',
      description: 'Post a question every day at a time',
      options: [
        { name: 'tz', type: 'string', description: 'Time zone', autocomplete: 'timezone' },
        { name: 'time', type: 'string', description: 'HH:MM', required: true },
      ],
      run: () => ({ sections: [], visibility: 'ephemeral' }),
    }),
    defineCommand({
      name: 'off',
      description: 'Stop',
      run: () => ({ sections: [], visibility: 'ephemeral' }),
    }),
  ],
});

/** The interaction data Discord sends for `/coach <path...>` with these values, typed by the definition. */
function interactionData(
  options: Option[],
  path: string[],
  values: Record<string, string | number>,
): InteractionOption[] {
  const [step, ...rest] = path;
  if (step !== undefined) {
    const nested = options.find((option) => option.name === step);
    if (!nested) throw new Error(`no ${step}`);
    return [{ type: nested.type, name: step, options: interactionData(optionsOf(nested), rest, values) }];
  }
  return Object.entries(values).map(([name, value]) => {
    const option = options.find((entry) => entry.name === name);
    if (!option) throw new Error(`no option ${name}`);
    return { type: option.type, name, value };
  });
}

describe('buildCoachCommand', () => {
  const definition = buildCoachCommand(commands, { topics: AREAS });
  const subcommands = optionsOf(definition);

  it('registers one guild-only /coach with a subcommand per command', () => {
    expect(definition).toMatchObject({ type: 1, name: 'coach', contexts: [0], integration_types: [0] });
    expect(definition.description.length).toBeLessThanOrEqual(100);
    expect(subcommands.map((option) => option.name)).toEqual(commands.map((command) => command.name));
    // A command with subcommands (`schedule set|show|off`) is a subcommand group; the rest are subcommands.
    for (const option of subcommands) {
      const command = commands.find((c) => c.name === option.name);
      expect(option.type).toBe(command?.subcommands.length ? 2 : OPTION_TYPE.subcommand);
    }
    expect(subcommands.find((option) => option.name === 'schedule')?.type).toBe(2);
    expect(subcommands.map((option) => option.name)).toContain('forget-me');
  });

  it('stays within Discord naming and size rules', () => {
    expect(subcommands.length).toBeLessThanOrEqual(25);
    for (const option of allOptions(subcommands)) {
      expect(option.name).toMatch(COMMAND_NAME);
      expect(option.name).toBe(option.name.toLowerCase());
      expect(option.description.length).toBeGreaterThanOrEqual(1);
      expect(option.description.length).toBeLessThanOrEqual(100);
      expect(option.description).not.toContain('`');
      expect(optionsOf(option).length).toBeLessThanOrEqual(25);
      if ('choices' in option) expect(option.choices?.length ?? 0).toBeLessThanOrEqual(25);
      if ('autocomplete' in option && option.autocomplete) expect(option).not.toHaveProperty('choices');
    }
    expect(
      combinedLength(subcommands) + definition.name.length + definition.description.length,
    ).toBeLessThanOrEqual(4000);
  });

  it('lists required options before optional ones, each in its own order', () => {
    const command = buildCoachCommand([schedule], { topics: AREAS });
    const set = optionsOf(optionsOf(command)[0])[0];
    expect(optionsOf(set).map((option) => [option.name, option.required ?? false])).toEqual([
      ['time', true],
      ['tz', false],
    ]);
    for (const option of allOptions(subcommands)) {
      const required = optionsOf(option).map((child) => child.required === true);
      expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
    }
  });

  it('gives question a topic with autocomplete and a difficulty of 1–3', () => {
    const question = subcommands.find((option) => option.name === 'question');
    expect(optionsOf(question)).toEqual([
      {
        type: OPTION_TYPE.string,
        name: 'topic',
        description: 'Topic (e.g. rag, transformers) or a question id',
        autocomplete: true,
      },
      {
        type: OPTION_TYPE.integer,
        name: 'difficulty',
        description: '1 screening, 2 mid-level, 3 senior',
        choices: [
          { name: '1', value: 1 },
          { name: '2', value: 2 },
          { name: '3', value: 3 },
        ],
      },
    ]);
  });

  it('maps text to a required string of up to 4,000 chars, choices to choices, and time zones to autocomplete', () => {
    const find = (name: string) => optionsOf(subcommands.find((option) => option.name === name));
    expect(find('answer')).toEqual([
      {
        type: OPTION_TYPE.string,
        name: 'text',
        description: 'Your answer',
        required: true,
        max_length: 4000,
      },
    ]);
    expect(find('leaderboard')[0]).toMatchObject({
      type: OPTION_TYPE.string,
      choices: ['week', 'month', 'all', 'hide', 'show'].map((value) => ({ name: value, value })),
    });
    expect(find('timezone')[0]).toMatchObject({ type: OPTION_TYPE.string, name: 'zone', autocomplete: true });
  });

  it('turns a command with subcommands into a subcommand group', () => {
    const command = buildCoachCommand([schedule], { topics: AREAS });
    expect(optionsOf(command)[0]).toMatchObject({
      type: OPTION_TYPE.group,
      name: 'schedule',
      options: [
        { type: OPTION_TYPE.subcommand, name: 'set' },
        { type: OPTION_TYPE.subcommand, name: 'off' },
      ],
    });
  });

  it('refuses what Discord cannot register', () => {
    const named = (name: string) =>
      defineCommand({ name, description: 'd', run: () => ({ sections: [], visibility: 'ephemeral' }) });
    expect(() => buildCoachCommand([named('has space')], { topics: [] })).toThrow(/has space/);
    expect(() => buildCoachCommand([named('x'.repeat(33))], { topics: [] })).toThrow();
    expect(() =>
      buildCoachCommand(
        Array.from({ length: 26 }, (_, i) => named(`c${i}`)),
        { topics: [] },
      ),
    ).toThrow(/25/);
  });
});

describe('readCommandPath', () => {
  const definition = buildCoachCommand([...commands, schedule], { topics: AREAS });
  const options = optionsOf(definition);

  it.each([
    [['question'], { topic: 'rag', difficulty: 2 }, 'question'],
    [['next'], {}, 'next'],
    [['answer'], { text: 'Line one\nline two' }, 'answer'],
    [['schedule', 'set'], { time: '09:00', tz: 'Europe/Berlin' }, 'schedule set'],
    [['schedule', 'off'], {}, 'schedule off'],
  ])('round-trips /coach %j', (path, args, command) => {
    const data = { name: 'coach', options: interactionData(options, path, args) };
    expect(readCommandPath(data)).toEqual({ command, args });
  });

  it('ignores values of other types', () => {
    const data = {
      name: 'coach',
      options: [{ type: 1, name: 'x', options: [{ type: 5, name: 'flag', value: true }] }],
    };
    expect(readCommandPath(data)).toEqual({ command: 'x', args: {} });
  });
});

describe('autocompleteChoices', () => {
  it.each([
    ['ra', 'rag'],
    ['RAG', 'rag'],
    ['trans', 'transformers'],
    ['language', 'nlp'],
    ['vector', 'vector-databases'],
  ])('offers topic %j → %j first', (typed, slug) => {
    const choices = autocompleteChoices('topic', typed, AREAS);
    expect(choices[0]?.value).toBe(slug);
  });

  it('puts prefix matches before substring matches', () => {
    const values = autocompleteChoices('topic', 'ra', AREAS).map((choice) => choice.value);
    expect(values[0]).toBe('rag');
    expect(values).toContain('transformers');
    expect(values.indexOf('rag')).toBeLessThan(values.indexOf('transformers'));
    expect(autocompleteChoices('topic', '', AREAS)).toHaveLength(AREAS.length);
    expect(autocompleteChoices('topic', 'zzz', AREAS)).toEqual([]);
  });

  it.each([
    ['ber', 'Europe/Berlin'],
    ['europe/ber', 'Europe/Berlin'],
    ['new york', 'America/New_York'],
    ['utc', 'UTC'],
    ['tokyo', 'Asia/Tokyo'],
    ['kolkata', 'Asia/Kolkata'],
    ['kyiv', 'Europe/Kyiv'],
  ])('offers time zone %j → %j', (typed, zone) => {
    const values = autocompleteChoices('timezone', typed, AREAS).map((choice) => choice.value);
    expect(values).toContain(zone);
  });

  it('ranks Europe/London (a prefix of a part) before America/Miquelon (a substring)', () => {
    const values = autocompleteChoices('timezone', 'lon', AREAS).map((choice) => choice.value);
    expect(values.indexOf('Europe/London')).toBeGreaterThanOrEqual(0);
    expect(values.indexOf('Europe/London')).toBeLessThan(values.indexOf('America/Miquelon'));
  });

  it('never offers more than 25, each within 100 chars', () => {
    for (const choices of [
      autocompleteChoices('timezone', '', AREAS),
      autocompleteChoices('timezone', 'a', AREAS),
      autocompleteChoices(
        'topic',
        '',
        Array.from({ length: 40 }, (_, i) => ({ slug: `t${i}`, title: 'T'.repeat(120) })),
      ),
    ]) {
      expect(choices.length).toBeLessThanOrEqual(25);
      expect(choices.length).toBeGreaterThan(0);
      for (const choice of choices) {
        expect(choice.name.length).toBeLessThanOrEqual(100);
        expect(choice.value.length).toBeLessThanOrEqual(100);
      }
    }
    expect(autocompleteChoices('timezone', '', AREAS)[0]).toEqual({ name: 'UTC', value: 'UTC' });
  });
});
