// Renders the neutral Reply as Slack Block Kit: escaped mrkdwn within Block Kit's limits, and buttons that map back.
import type {
  ActionsBlock,
  ContextBlock,
  HeaderBlock,
  KnownBlock,
  MrkdwnElement,
  SectionBlock,
  Button as SlackButton,
} from '@slack/types';
import {
  type Button,
  type ButtonAction,
  type Reply,
  replyToPlainText,
  type Section,
} from '../../core/reply.js';

// Block Kit reference: ≤ 50 blocks a message; section text ≤ 3,000; ≤ 10 fields of ≤ 2,000; header ≤ 150;
// button text ≤ 75, value ≤ 2,000; ≤ 25 elements in an actions block.
const MAX_BLOCKS = 50;
const MAX_SECTION_TEXT = 3000;
const MAX_FIELDS = 10;
const MAX_FIELD_TEXT = 2000;
const MAX_HEADER = 150;
const MAX_BUTTON_TEXT = 75;
const MAX_BUTTON_VALUE = 2000;
const MAX_ACTIONS = 25;
/** The notification fallback; Slack takes far more, but nobody reads more than this in a notification. */
const MAX_FALLBACK = 3000;

const FENCE = '```';
const CLOSE_FENCE = `\n${FENCE}`;
const TRUNCATED_NOTE = '_…(truncated)_';
/** The suffix the leaderboard puts on the caller's own row. */
const CALLER_MARK = '← you';

/** The action ids of our buttons, one per kind of ButtonAction. */
export const BUTTON_ACTION_IDS = ['coach:answer', 'coach:next', 'coach:reveal', 'coach:report'] as const;
export type ButtonActionId = (typeof BUTTON_ACTION_IDS)[number];

/** Slack's control characters as entities, so `<!channel>`, `<@U123>` or `<https://x|y>` show as typed. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A fenced block (```lang\n…```); the language tag is dropped, Slack's mrkdwn has no highlighting. */
const FENCED = /```(?:[\w+#.-]*\n)?([\s\S]*?)```/g;
/** Inline code, or a Markdown link whose URL may hold one level of parentheses. */
const INLINE = /`([^`\n]+)`|\[([^\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/g;
const LINKABLE_URL = /^https?:\/\/[^\s<>|]+$/i;
const BOLD_OR_ITALIC = /\*\*(?=\S)([^\n]*?\S)\*\*|(?<![*\w])\*([^\s*](?:[^*\n]*?[^\s*])?)\*(?![*\w])/g;
const ITALIC = /(?<![*\w])\*([^\s*](?:[^*\n]*?[^\s*])?)\*(?![*\w])/g;
/** Private-use characters that mark a held-back piece (code, link) while the rest is converted. */
const HOLD = /\uE000(\d+)\uE001/g;

/**
 * The Reply's neutral Markdown as Slack mrkdwn. Everything is escaped first, so only the http(s) links
 * written as Markdown become Slack links and nothing in the text can ping.
 *
 * @example markdownToMrkdwn('**Read** [the docs](https://x.dev) <!here>')
 * // '*Read* <https://x.dev|the docs> &lt;!here&gt;'
 */
export function markdownToMrkdwn(markdown: string): string {
  let out = '';
  let last = 0;
  for (const match of markdown.matchAll(FENCED)) {
    out += inlineToMrkdwn(markdown.slice(last, match.index));
    out += fence(match[1] ?? '');
    last = match.index + match[0].length;
  }
  return out + inlineToMrkdwn(markdown.slice(last));
}

function inlineToMrkdwn(text: string): string {
  const held: string[] = [];
  const hold = (piece: string) => `\uE000${held.push(piece) - 1}\uE001`;
  const marked = text.replace(/[\uE000\uE001]/g, '').replace(INLINE, (whole, code, label, url) => {
    if (typeof code === 'string') return hold(`\`${escapeSlackText(code)}\``);
    if (typeof url === 'string' && LINKABLE_URL.test(url)) {
      return hold(`<${escapeSlackText(url)}|${emphasis(escapeSlackText(String(label)))}>`);
    }
    return whole;
  });
  const normalized = escapeSlackText(marked)
    .replace(/^([ \t]*)[-*+] (?=\S)/gm, '$1• ')
    .replace(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm, '**$1**')
    .replace(/~~(?=\S)([^~\n]*?\S)~~/g, '~$1~');
  return emphasis(normalized).replace(HOLD, (_, index: string) => held[Number(index)] ?? '');
}

/** `**bold**` to `*bold*`, `*italic*` to `_italic_`; `_italic_` is already mrkdwn. */
function emphasis(text: string): string {
  return text.replace(BOLD_OR_ITALIC, (_, bold: string | undefined, italic: string | undefined) =>
    bold !== undefined
      ? `*${bold.replace(ITALIC, (_match: string, inner: string) => `_${inner}_`)}*`
      : `_${italic ?? ''}_`,
  );
}

/** Code as a fenced block; a fence inside the code is broken up with a zero-width space so it cannot close early. */
function fence(code: string): string {
  const body = escapeSlackText(code.replace(/^\n+|\s+$/g, '')).replaceAll(FENCE, '``\u200b`');
  return `${FENCE}\n${body}${CLOSE_FENCE}`;
}

const fenceCount = (text: string) => text.split(FENCE).length - 1;

/** Where to cut, tried in order: paragraph, line, sentence, word. */
const BOUNDARIES = [/\n{2,}/g, /\n/g, /(?<=[.!?]["'”’)\]]?)[ \t]+/g, /[ \t]+/g];

/** `[end of this piece, start of the next]` for a piece of at most `budget` characters. */
function cutPoint(text: string, budget: number): [number, number] {
  for (const pattern of BOUNDARIES) {
    let best: [number, number] | undefined;
    for (const match of text.matchAll(pattern)) {
      if (match.index > budget) break;
      // Never inside `<url|label>`: every other `<` was escaped.
      if (match.index > 0 && text.lastIndexOf('<', match.index) <= text.lastIndexOf('>', match.index)) {
        best = [match.index, match.index + match[0].length];
      }
    }
    // A boundary in the first half would waste a block; try a finer one.
    if (best && best[0] >= budget / 2) return best;
  }
  let end = budget;
  const entity = /&[a-z]{0,4}$/.exec(text.slice(0, end));
  if (entity && entity.index > 0) end = entity.index;
  const link = text.lastIndexOf('<', end - 1);
  if (link > 0 && link > text.lastIndexOf('>', end - 1)) end = link;
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  if (end <= 0) end = budget;
  return [end, end];
}

/**
 * Mrkdwn split into pieces of at most `max` characters at paragraph, line, sentence or word boundaries; a
 * code block cut in two is closed at the end of one piece and reopened at the start of the next.
 */
export function splitMrkdwn(text: string, max: number = MAX_SECTION_TEXT): string[] {
  const pieces: string[] = [];
  let rest = text;
  let open = false;
  while (rest.length > 0) {
    const head: string = open ? `${FENCE}\n` : '';
    if (head.length + rest.length <= max) {
      pieces.push(head + rest);
      break;
    }
    const [end, next] = cutPoint(rest, max - head.length - CLOSE_FENCE.length);
    let piece: string = head + rest.slice(0, end);
    rest = rest.slice(next);
    open = fenceCount(piece) % 2 === 1;
    if (open) piece += CLOSE_FENCE;
    pieces.push(piece);
  }
  return pieces.filter((piece) => piece.trim().length > 0);
}

/** At most `max` characters, cut at a boundary and ended with an ellipsis (and a closing fence if needed). */
function clipMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  const [end] = cutPoint(text, max - 1 - CLOSE_FENCE.length);
  const clipped = `${text.slice(0, end).trimEnd()}…`;
  return fenceCount(clipped) % 2 === 1 ? clipped + CLOSE_FENCE : clipped;
}

/** Plain text (no entities or links to respect) clipped to `max` characters with an ellipsis. */
function clipPlain(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  const space = text.lastIndexOf(' ', end);
  return `${text.slice(0, space > end / 2 ? space : end).trimEnd()}…`;
}

const mrkdwn = (text: string, verbatim = false): MrkdwnElement =>
  verbatim ? { type: 'mrkdwn', text, verbatim } : { type: 'mrkdwn', text };

function textSections(text: string, verbatim = false): SectionBlock[] {
  if (!text.trim()) return [];
  return splitMrkdwn(text).map((piece) => ({ type: 'section', text: mrkdwn(piece, verbatim) }));
}

/** A member's words: every line quoted and escaped, and `verbatim` so Slack adds no links or mentions. */
function quoteSections(text: string): SectionBlock[] {
  if (!text.trim()) return [];
  const lines = escapeSlackText(text)
    .split('\n')
    .flatMap((line) => (line.length + 2 <= MAX_SECTION_TEXT ? [line] : splitPlainLine(line)))
    .map((line) => (line ? `> ${line}` : '>'));
  const pieces: string[] = [];
  for (const line of lines) {
    const last = pieces.length - 1;
    const current = pieces[last];
    if (current !== undefined && current.length + 1 + line.length <= MAX_SECTION_TEXT) {
      pieces[last] = `${current}\n${line}`;
    } else {
      pieces.push(line);
    }
  }
  return pieces.map((piece) => ({ type: 'section', text: mrkdwn(piece, true) }));
}

/** One over-long line in pieces that fit after a `> ` prefix. */
function splitPlainLine(line: string): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > MAX_SECTION_TEXT - 2) {
    const [end, next] = cutPoint(rest, MAX_SECTION_TEXT - 2);
    pieces.push(rest.slice(0, end));
    rest = rest.slice(next);
  }
  return rest ? [...pieces, rest] : pieces;
}

/** `• item`; the caller's own leaderboard row (ending in `← you`) in bold. */
function listItem(item: string): string {
  const lines = markdownToMrkdwn(item.trim()).split('\n');
  const own = item.trimEnd().endsWith(CALLER_MARK);
  return `• ${(own ? lines.map((line) => (line.trim() ? `*${line.trim()}*` : line)) : lines).join('\n')}`;
}

function fieldSections(fields: { label: string; value: string }[]): SectionBlock[] {
  const texts = fields
    .map(({ label, value }) =>
      [label.trim() && `*${escapeSlackText(label.trim())}*`, markdownToMrkdwn(value.trim())]
        .filter(Boolean)
        .join('\n'),
    )
    .filter((text) => text.length > 0)
    .map((text) => clipMrkdwn(text, MAX_FIELD_TEXT));
  const blocks: SectionBlock[] = [];
  for (let start = 0; start < texts.length; start += MAX_FIELDS) {
    blocks.push({ type: 'section', fields: texts.slice(start, start + MAX_FIELDS).map((t) => mrkdwn(t)) });
  }
  return blocks;
}

function contextBlocks(text: string): ContextBlock[] {
  const converted = markdownToMrkdwn(text.trim());
  if (!converted) return [];
  return [{ type: 'context', elements: [mrkdwn(clipMrkdwn(converted, MAX_SECTION_TEXT))] }];
}

function sectionBlocks(section: Section): KnownBlock[] {
  switch (section.type) {
    case 'text':
      return textSections(markdownToMrkdwn(section.text));
    case 'quote':
      return quoteSections(section.text);
    case 'code':
      return section.code.trim() ? textSections(fence(section.code)) : [];
    case 'list':
      return textSections(section.items.map(listItem).join('\n'));
    case 'fields':
      return fieldSections(section.fields);
    case 'context':
      return contextBlocks(section.text);
  }
}

/** The last block kept when a reply is cut short, ending with a note that it was. */
function withTruncatedNote(block: KnownBlock): KnownBlock {
  const room = (max: number, text: string) =>
    `${clipMrkdwn(text, max - TRUNCATED_NOTE.length - 1)}\n${TRUNCATED_NOTE}`;
  if (block.type === 'section' && block.text) {
    return { ...block, text: { ...block.text, text: room(MAX_SECTION_TEXT, block.text.text) } };
  }
  if (block.type === 'section' && block.fields) {
    const fields = [...block.fields];
    const last = fields.pop();
    if (last && fields.length + 1 < MAX_FIELDS)
      return { ...block, fields: [...fields, last, mrkdwn(TRUNCATED_NOTE)] };
    if (last) fields.push({ ...last, text: room(MAX_FIELD_TEXT, last.text) });
    return { ...block, fields };
  }
  if (block.type === 'context' && block.elements.length < 10) {
    return { ...block, elements: [...block.elements, mrkdwn(TRUNCATED_NOTE)] };
  }
  return block;
}

function headerBlock(title: string | undefined): HeaderBlock | undefined {
  const text = title?.replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  return { type: 'header', text: { type: 'plain_text', text: clipPlain(text, MAX_HEADER), emoji: true } };
}

/** The button's kind and the value Slack sends back (the question id; `next` for Next, as '' is refused). */
function buttonParts(action: ButtonAction): { kind: string; value: string } {
  if (action === 'next') return { kind: 'next', value: 'next' };
  const colon = action.indexOf(':');
  return { kind: action.slice(0, colon), value: action.slice(colon + 1) };
}

function buttonElement(button: Button): SlackButton | undefined {
  const { kind, value } = buttonParts(button.action);
  // A value Slack would refuse cannot round-trip: leave the button out rather than fail the whole message.
  if (!value || value.length > MAX_BUTTON_VALUE) return undefined;
  const label = button.label.replace(/\s+/g, ' ').trim() || kind;
  return {
    type: 'button',
    action_id: `coach:${kind}`,
    value,
    text: { type: 'plain_text', text: clipPlain(label, MAX_BUTTON_TEXT), emoji: true },
    ...(button.style === 'primary' ? { style: 'primary' as const } : {}),
  };
}

/** One actions block; Slack refuses two elements with the same action_id in a block, so the first of each kind wins. */
function actionsBlock(buttons: readonly Button[]): ActionsBlock | undefined {
  const elements: SlackButton[] = [];
  for (const button of buttons) {
    const element = buttonElement(button);
    if (element && !elements.some((kept) => kept.action_id === element.action_id)) elements.push(element);
  }
  return elements.length > 0 ? { type: 'actions', elements: elements.slice(0, MAX_ACTIONS) } : undefined;
}

/**
 * The Reply as a Slack message: a header, sections within Block Kit's limits, and one actions block. Past
 * 50 blocks the content is cut (with a note) but the header and the buttons are kept.
 *
 * @example
 * const { text, blocks } = renderSlackMessage(questionReply(question));
 * await client.chat.postEphemeral({ channel, user, text, blocks });
 */
export function renderSlackMessage(reply: Reply): { text: string; blocks: KnownBlock[] } {
  const header = headerBlock(reply.title);
  const actions = actionsBlock(reply.buttons ?? []);
  const room = MAX_BLOCKS - (header ? 1 : 0) - (actions ? 1 : 0);
  let content = reply.sections.flatMap(sectionBlocks);
  const lastKept = content[room - 1];
  if (content.length > room && lastKept)
    content = [...content.slice(0, room - 1), withTruncatedNote(lastKept)];
  const blocks: KnownBlock[] = [...(header ? [header] : []), ...content, ...(actions ? [actions] : [])];
  return { text: clipMrkdwn(escapeSlackText(replyToPlainText(reply).trim()), MAX_FALLBACK), blocks };
}

/** The ButtonAction a click stands for, from the button's action_id and value; null for anything else. */
export function parseButtonAction(actionId: string, value: string): ButtonAction | null {
  switch (actionId) {
    case 'coach:next':
      return 'next';
    case 'coach:answer':
      return value ? `answer:${value}` : null;
    case 'coach:reveal':
      return value ? `reveal:${value}` : null;
    case 'coach:report':
      return value ? `report:${value}` : null;
    default:
      return null;
  }
}
