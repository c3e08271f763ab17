import type { KnownBlock } from '@slack/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANSWER_ACTION_ID,
  ANSWER_BLOCK_ID,
  ANSWER_CALLBACK_ID,
  answerErrors,
  answerModal,
  readAnswerSubmission,
  SLACK_MODAL_MAX_ANSWER,
} from '../../../src/adapters/slack/modal.js';
import {
  BUTTON_ACTION_IDS,
  escapeSlackText,
  markdownToMrkdwn,
  parseButtonAction,
  renderSlackMessage,
} from '../../../src/adapters/slack/render.js';
import type { GradedAnswer } from '../../../src/core/coach.js';
import { gradeReply, questionReply } from '../../../src/core/replies.js';
import type { Reply, Section } from '../../../src/core/reply.js';
import { RAG_QUESTION } from '../../support/bank.js';
import {
  BLOCK_KIT_LIMITS as LIMITS,
  modalProblems,
  mrkdwnProblems,
  slackLimitProblems,
} from '../../support/block-kit-limits.js';

/** The text of every section block, in order. */
const sectionTexts = (blocks: readonly KnownBlock[]) =>
  blocks.flatMap((block) => (block.type === 'section' && block.text ? [block.text.text] : []));

const words = (count: number) => Array.from({ length: count }, (_, i) => `word${i}`);
const reply = (sections: Section[], extra: Partial<Reply> = {}): Reply => ({
  sections,
  visibility: 'ephemeral',
  ...extra,
});

const graded: GradedAnswer = {
  answer: {
    id: 1,
    tenantId: 1,
    memberId: 1,
    channelId: 'C1',
    questionId: RAG_QUESTION.id,
    text: 'RAG retrieves documents <!channel>',
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
        evidence: 'it fetches docs <!channel> *fast*',
      },
      { text: 'Grounding reduces hallucination.', covered: false },
    ],
    feedback: 'Good start & <@U999> would agree; say why grounding helps.',
    grader: 'rubric',
    fallbackReason: 'LLM judge timed out',
    flags: [],
  },
  streak: { current: 3, longest: 5, lastActiveDate: '2026-03-02', freezesUsed: 0, freezesHeld: 0 },
  seeAlso: [],
};

const leaderboard: Reply = {
  title: 'Leaderboard: this week',
  sections: [
    {
      type: 'list',
      items: [
        '1. <!here> Ann: 9 pts (3 answers)',
        '2. Bea: 3 pts (1 answer)  ← you',
        '3. Cy: 1 pt (1 answer)',
      ],
    },
    { type: 'context', text: '3 ranked.' },
  ],
  visibility: 'channel',
};

const longCode = Array.from(
  { length: 250 },
  (_, i) => `line_${i} = compute(${i}) if x < ${i} else None`,
).join('\n');

const FIXTURES: [string, Reply][] = [
  ['a question', questionReply(RAG_QUESTION)],
  ['a grade', gradeReply(graded)],
  ['a leaderboard', leaderboard],
  ['a 7,500-char text', reply([{ type: 'text', text: words(900).join(' ') }])],
  [
    '60 text sections',
    reply(
      words(60).map((text) => ({ type: 'text', text })),
      { title: 'Many', buttons: questionReply(RAG_QUESTION).buttons },
    ),
  ],
  ['600 fields', reply([{ type: 'fields', fields: words(600).map((w) => ({ label: w, value: w })) }])],
  ['over-long fields', reply([{ type: 'fields', fields: [{ label: 'Long', value: 'x y '.repeat(1500) }] }])],
  ['a long code block', reply([{ type: 'code', code: longCode, language: 'python' }])],
  [
    'a long quote',
    reply([{ type: 'quote', text: `${'<!channel> says hi. '.repeat(300)}\n${'z'.repeat(7000)}` }]),
  ],
  [
    'escapes without spaces',
    reply([
      { type: 'text', text: '<'.repeat(4000) },
      { type: 'context', text: '&'.repeat(4000) },
    ]),
  ],
  ['a long title', reply([{ type: 'text', text: 'hi' }], { title: 'T'.repeat(400) })],
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

describe('escapeSlackText', () => {
  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<!everyone>', '&lt;!everyone&gt;'],
    ['<!here>', '&lt;!here&gt;'],
    ['<@U1>', '&lt;@U1&gt;'],
    ['<https://x|y>', '&lt;https://x|y&gt;'],
    ['fish & chips', 'fish &amp; chips'],
    ['&lt; already escaped', '&amp;lt; already escaped'],
    ['plain *text*', 'plain *text*'],
  ])('%j', (input, expected) => {
    expect(escapeSlackText(input)).toBe(expected);
  });
});

describe('markdownToMrkdwn', () => {
  it.each([
    ['**bold**', '*bold*'],
    ['*italic*', '_italic_'],
    ['_italic_', '_italic_'],
    ['**bold with *italic* inside**', '*bold with _italic_ inside*'],
    ['`code`', '`code`'],
    ['`<!here> **not bold**`', '`&lt;!here&gt; **not bold**`'],
    ['```python\nif a < b:\n    **x**\n```', '```\nif a &lt; b:\n    **x**\n```'],
    ['[docs](https://example.com/a?b=1&c=2)', '<https://example.com/a?b=1&amp;c=2|docs>'],
    ['[docs](http://example.com)', '<http://example.com|docs>'],
    ['[wiki](https://en.wikipedia.org/wiki/Foo_(bar))', '<https://en.wikipedia.org/wiki/Foo_(bar)|wiki>'],
    ['[**the** docs](https://x.dev)', '<https://x.dev|*the* docs>'],
    ['[<!channel>](https://x.dev)', '<https://x.dev|&lt;!channel&gt;>'],
    ['**see [docs](https://x.dev)**', '*see <https://x.dev|docs>*'],
    ['[x](javascript:alert(1))', '[x](javascript:alert(1))'],
    ['[x](mailto:a@b.c)', '[x](mailto:a@b.c)'],
    ['[x](https://a.b/c|<!channel>)', '[x](https://a.b/c|&lt;!channel&gt;)'],
    ['<https://evil.example|click>', '&lt;https://evil.example|click&gt;'],
    ['Hi <!channel> & <@U1>', 'Hi &lt;!channel&gt; &amp; &lt;@U1&gt;'],
    ['2 * 3 * 4 and snake_case_name', '2 * 3 * 4 and snake_case_name'],
    ['- one\n- two', '• one\n• two'],
    ['## Heading', '*Heading*'],
  ])('%j', (input, expected) => {
    expect(markdownToMrkdwn(input)).toBe(expected);
  });

  it('never lets anything but an http(s) link open with <', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'<>!@&[]()|*`_htps:/x \n') }), (text) => {
        const out = markdownToMrkdwn(text);
        for (const match of out.matchAll(/</g)) expect(out.slice(match.index)).toMatch(/^<https?:\/\//);
        expect(out).not.toMatch(/&(?!amp;|lt;|gt;)/);
      }),
    );
  });
});

describe('renderSlackMessage', () => {
  it.each(FIXTURES)('keeps %s within every Block Kit limit', (_, fixture) => {
    const { text, blocks } = renderSlackMessage(fixture);
    expect(slackLimitProblems(blocks, LIMITS.messageBlocks)).toEqual([]);
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(mrkdwnProblems('fallback text', text, 3000)).toEqual([]);
  });

  it('renders a question with a header, its text, small print and three buttons', () => {
    const { text, blocks } = renderSlackMessage(questionReply(RAG_QUESTION));
    expect(blocks.map((block) => block.type)).toEqual(['header', 'section', 'context', 'actions']);
    expect(blocks[0]).toMatchObject({ text: { type: 'plain_text', text: 'What is RAG?' } });
    expect(text).toContain('What is RAG?');
    expect(blocks[2]).toMatchObject({
      elements: [{ type: 'mrkdwn', text: expect.stringContaining('`what-is-rag`') }],
    });
  });

  it('escapes what a member wrote inside a grade: their evidence, and text that quotes them', () => {
    const { text, blocks } = renderSlackMessage(gradeReply(graded));
    const all = JSON.stringify(blocks);
    expect(all).not.toMatch(/<!channel>|<@U999>/);
    expect(all).toContain('&lt;!channel&gt;');
    expect(text).not.toMatch(/<!channel>|<@U999>/);
    expect(sectionTexts(blocks)).toContain(
      'Good start &amp; &lt;@U999&gt; would agree; say why grounding helps.',
    );
  });

  it('quotes a member verbatim: every line starts with >, nothing pings', () => {
    const { blocks } = renderSlackMessage(
      reply([{ type: 'quote', text: 'ping <!channel>\n\nand <@U1> & **this**' }]),
    );
    expect(blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '> ping &lt;!channel&gt;\n>\n> and &lt;@U1&gt; &amp; **this**',
          verbatim: true,
        },
      },
    ]);
  });

  it('keeps every line of a long quote quoted across sections', () => {
    const { blocks } = renderSlackMessage(
      reply([{ type: 'quote', text: `${'a'.repeat(3500)}\nshort\n${words(800).join(' ')}` }]),
    );
    const texts = sectionTexts(blocks);
    expect(texts.length).toBeGreaterThan(1);
    for (const line of texts.flatMap((t) => t.split('\n'))) expect(line.startsWith('>')).toBe(true);
  });

  it('splits a 7,500-char text into 3 sections that rejoin to the same words', () => {
    const text = words(1200).join(' ').slice(0, 7500).replace(/ \S*$/, '');
    expect(text.length).toBeGreaterThan(7400);
    const texts = sectionTexts(renderSlackMessage(reply([{ type: 'text', text }])).blocks);
    expect(texts).toHaveLength(3);
    for (const piece of texts) expect(piece.length).toBeLessThanOrEqual(3000);
    expect(texts.join(' ').split(/\s+/)).toEqual(text.split(' '));
  });

  it('splits at paragraphs before lines, sentences or words', () => {
    const paragraphs = Array.from(
      { length: 6 },
      (_, i) => `Paragraph ${i}. ${'Some words here. '.repeat(55).trim()}`,
    );
    const texts = sectionTexts(
      renderSlackMessage(reply([{ type: 'text', text: paragraphs.join('\n\n') }])).blocks,
    );
    expect(texts.length).toBeGreaterThan(1);
    for (const piece of texts) expect(paragraphs.join('\n\n').includes(piece)).toBe(true);
    expect(texts.join('\n\n')).toBe(paragraphs.join('\n\n'));
  });

  it('closes and reopens a code block cut across sections', () => {
    const texts = sectionTexts(renderSlackMessage(reply([{ type: 'code', code: longCode }])).blocks);
    expect(texts.length).toBeGreaterThan(1);
    for (const piece of texts) {
      expect(piece.startsWith('```\n')).toBe(true);
      expect(piece.endsWith('\n```')).toBe(true);
      expect(piece.split('```')).toHaveLength(3);
    }
    const body = texts.map((piece) => piece.slice(4, -4)).join('\n');
    expect(body).toBe(escapeSlackText(longCode));
  });

  it.each([
    ['text sections', words(60).map((text): Section => ({ type: 'text', text }))],
    ['list sections', words(60).map((item): Section => ({ type: 'list', items: [item] }))],
    [
      'fields',
      [{ type: 'fields', fields: words(600).map((w) => ({ label: w, value: w })) } satisfies Section],
    ],
  ])('cuts 60 blocks of %s to 50, keeping the header and the buttons', (_, sections) => {
    const { blocks } = renderSlackMessage(
      reply(sections, { title: 'Lots', buttons: questionReply(RAG_QUESTION).buttons }),
    );
    expect(blocks).toHaveLength(50);
    expect(blocks[0]?.type).toBe('header');
    expect(blocks.at(-1)?.type).toBe('actions');
    expect(JSON.stringify(blocks[48])).toContain('…(truncated)');
    expect(JSON.stringify(blocks.slice(0, 48))).not.toContain('…(truncated)');
  });

  it('puts 12 fields in two sections of 10 and 2, label in bold', () => {
    const fields = words(12).map((w) => ({ label: `L ${w}`, value: `**v** ${w}` }));
    const { blocks } = renderSlackMessage(reply([{ type: 'fields', fields }]));
    expect(blocks.map((block) => (block.type === 'section' ? block.fields?.length : 0))).toEqual([10, 2]);
    const first = blocks[0]?.type === 'section' ? blocks[0].fields?.[0] : undefined;
    expect(first).toEqual({ type: 'mrkdwn', text: '*L word0*\n*v* word0' });
  });

  it.each([
    ['What is RAG?', 'What is RAG?'],
    ['  spaced\n\ttitle ', 'spaced title'],
    ['A <b> & title', 'A <b> & title'],
  ])('keeps a short header %j as plain text', (title, expected) => {
    expect(renderSlackMessage(reply([], { title })).blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: expected, emoji: true },
    });
  });

  it('truncates a long header to 150 chars with an ellipsis', () => {
    const [header] = renderSlackMessage(reply([], { title: `${'Attention '.repeat(30)}end` })).blocks;
    expect(header?.type).toBe('header');
    const text = header?.type === 'header' ? header.text.text : '';
    expect(text.length).toBeLessThanOrEqual(150);
    expect(text).toMatch(/^Attention Attention .*…$/);
  });

  it('makes buttons that round-trip through parseButtonAction', () => {
    const buttons = [
      ...(questionReply(RAG_QUESTION).buttons ?? []),
      { action: 'reveal:what-is-rag' as const, label: 'Reveal' },
    ];
    const actions = renderSlackMessage(reply([], { buttons })).blocks.at(-1);
    expect(actions?.type).toBe('actions');
    const elements = actions?.type === 'actions' ? actions.elements : [];
    expect(elements).toHaveLength(4);
    elements.forEach((element, i) => {
      if (element.type !== 'button') throw new Error(`not a button: ${element.type}`);
      expect(BUTTON_ACTION_IDS).toContain(element.action_id);
      expect(parseButtonAction(element.action_id ?? '', element.value ?? '')).toBe(buttons[i]?.action);
    });
    expect(elements[0]).toMatchObject({ action_id: 'coach:answer', value: 'what-is-rag', style: 'primary' });
    expect(elements[1]).toMatchObject({ action_id: 'coach:next', value: 'next' });
    expect(elements[1]).not.toHaveProperty('style');
  });

  it('keeps one button per action id, as Slack refuses duplicates in a block', () => {
    const buttons = [
      { action: 'answer:a' as const, label: 'Answer A' },
      { action: 'answer:b' as const, label: 'Answer B' },
      { action: 'next' as const, label: 'Next' },
    ];
    const actions = renderSlackMessage(reply([], { buttons })).blocks[0];
    expect(actions).toMatchObject({ type: 'actions', elements: [{ value: 'a' }, { value: 'next' }] });
  });

  it.each([
    ['coach:answer', 'q1', 'answer:q1'],
    ['coach:reveal', 'q:with:colons', 'reveal:q:with:colons'],
    ['coach:report', 'q1', 'report:q1'],
    ['coach:next', 'next', 'next'],
    ['coach:answer', '', null],
    ['coach:other', 'q1', null],
    ['answer', 'q1', null],
  ])('parseButtonAction(%j, %j) is %j', (actionId, value, expected) => {
    expect(parseButtonAction(actionId, value)).toBe(expected);
  });

  it("bolds the caller's own leaderboard row, and only that one", () => {
    const [list] = sectionTexts(renderSlackMessage(leaderboard).blocks);
    expect(list?.split('\n')).toEqual([
      '• 1. &lt;!here&gt; Ann: 9 pts (3 answers)',
      '• *2. Bea: 3 pts (1 answer)  ← you*',
      '• 3. Cy: 1 pt (1 answer)',
    ]);
  });

  it('escapes the plain-text fallback and trims it to 3,000 chars', () => {
    const { text } = renderSlackMessage(
      reply([{ type: 'text', text: `<!channel> ${words(2000).join(' ')}` }], { title: 'T' }),
    );
    expect(text.startsWith('T\n&lt;!channel&gt; word0 word1')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text.endsWith('…')).toBe(true);
  });

  it('never cuts an entity in half when a long run has no spaces', () => {
    const { blocks } = renderSlackMessage(reply([{ type: 'text', text: '<'.repeat(4000) }]));
    const texts = sectionTexts(blocks);
    expect(texts.length).toBe(6);
    expect(texts.join('')).toBe('&lt;'.repeat(4000));
  });
});

describe('answerModal', () => {
  const input = {
    questionId: 'what-is-rag',
    title: 'What is RAG? <!channel>',
    question: 'Explain **retrieval** & grounding.',
    channelId: 'C123',
  };

  it('is a modal within Slack limits: question, then a 3,000-char multi-line input', () => {
    const view = answerModal(input);
    expect(modalProblems(view)).toEqual([]);
    expect(view).toMatchObject({
      type: 'modal',
      callback_id: ANSWER_CALLBACK_ID,
      title: { type: 'plain_text', text: 'Answer' },
      submit: { type: 'plain_text', text: 'Submit' },
      close: { type: 'plain_text', text: 'Cancel' },
    });
    expect(view.blocks[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '*What is RAG? &lt;!channel&gt;*\nExplain *retrieval* &amp; grounding.' },
    });
    expect(view.blocks[1]).toMatchObject({
      type: 'input',
      block_id: ANSWER_BLOCK_ID,
      label: { text: 'Your answer' },
      hint: { text: expect.stringMatching(/3,000.*\/coach answer <text>.*4,000/) },
      element: {
        type: 'plain_text_input',
        action_id: ANSWER_ACTION_ID,
        multiline: true,
        max_length: SLACK_MODAL_MAX_ANSWER,
      },
    });
    expect(SLACK_MODAL_MAX_ANSWER).toBe(3000);
  });

  it('splits a long question into sections within limits', () => {
    const view = answerModal({ ...input, question: words(1500).join(' ') });
    expect(modalProblems(view)).toEqual([]);
    expect(view.blocks.filter((block) => block.type === 'section').length).toBeGreaterThan(1);
    expect(answerModal({ ...input, question: words(12_000).join(' ') }).blocks).toHaveLength(11);
    expect(modalProblems(answerModal({ ...input, question: words(12_000).join(' ') }))).toEqual([]);
  });

  it('round-trips its private_metadata through readAnswerSubmission', () => {
    const view = answerModal(input);
    const submitted = {
      private_metadata: view.private_metadata,
      state: {
        values: {
          [ANSWER_BLOCK_ID]: { [ANSWER_ACTION_ID]: { type: 'plain_text_input', value: 'My answer' } },
        },
      },
    };
    expect(readAnswerSubmission(submitted)).toEqual({
      questionId: 'what-is-rag',
      channelId: 'C123',
      text: 'My answer',
    });
    expect(readAnswerSubmission({ ...submitted, state: { values: {} } })).toEqual({
      questionId: 'what-is-rag',
      channelId: 'C123',
      text: '',
    });
  });

  it.each([
    [undefined],
    [''],
    ['not json'],
    ['null'],
    ['"a string"'],
    ['{"questionId":"q"}'],
    ['{"questionId":"q","channelId":7}'],
    ['{"questionId":"","channelId":"C1"}'],
  ])('reads no submission from metadata %j', (private_metadata) => {
    expect(readAnswerSubmission({ private_metadata, state: { values: {} } })).toBeNull();
  });

  it('shows errors under the answer field', () => {
    expect(answerErrors('Write something first.')).toEqual({
      response_action: 'errors',
      errors: { [ANSWER_BLOCK_ID]: 'Write something first.' },
    });
  });
});
