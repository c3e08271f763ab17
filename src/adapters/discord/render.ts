// Renders the neutral Reply as a Discord message: embeds within Discord's limits, buttons that map back, no pings.
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
  MessageFlags,
} from 'discord.js';
import type { Button, ButtonAction, Reply, Section } from '../../core/reply.js';

/**
 * Discord's limits on what this adapter sends (message, embed, component and modal references). A message's
 * embeds share `embedTotal` characters across titles, descriptions, field names and values, and footers.
 */
export const DISCORD_LIMITS = {
  embeds: 10,
  embedTotal: 6_000,
  title: 256,
  description: 4_096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1_024,
  footer: 2_048,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  modalTitle: 45,
  modalLabel: 45,
  modalLabelDescription: 100,
  textInput: 4_000,
  placeholder: 100,
} as const;

/** What `interaction.reply`, `followUp`, `editReply` and `channel.send` take: plain API embeds and components. */
export interface DiscordMessage {
  /** Never set: everything goes in embeds, which carry more text and cannot ping. */
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  /** Always empty: nothing in a reply may ping @everyone, a role or a member. */
  allowedMentions: { parse: [] };
  flags?: MessageFlags.Ephemeral;
}

const FENCE = '```';
const CLOSE_FENCE = `\n${FENCE}`;
const TRUNCATED_NOTE = '*…(truncated)*';
/** A reply cut short ends with the note on its own line, or as a field of its own: one character more either way. */
const NOTE_COST = TRUNCATED_NOTE.length + 1;
/** Less room than this for the rest of a cut description is not worth a fragment; the note goes after the previous one. */
const MIN_FRAGMENT = 100;
/** Discord refuses an empty field name or value; a zero-width space is the usual stand-in. */
const BLANK = '\u200b';
/** The suffix the leaderboard puts on the caller's own row. */
const CALLER_MARK = '← you';
const BUTTON_PREFIX = 'coach:';

/** Fenced blocks and inline code, which Discord shows literally. */
const CODE = /```[\s\S]*?```|`[^`\n]+`/g;
/** Mention syntax outside code: `@everyone`, `@here`, `<@user>`, `<@!user>`, `<@&role>`, `<#channel>`. */
const MENTION = /(?<!\\)(@(?:everyone|here)\b|<(?:@[!&]?|#)(?=\d))/g;
/** Characters with a meaning anywhere in Discord Markdown: emphasis, code, spoilers, quotes, links, mentions, headings. */
const MARKDOWN_SPECIAL = /[\\*_~`|<>[\]@#]/g;
/** A fenced block's language tag, as Discord's highlighter takes it. */
const LANGUAGE = /^[\w+#.-]{1,32}$/;

/** Applies `convert` to the text outside code spans and fences; code stays as written. */
function outsideCode(text: string, convert: (prose: string) => string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(CODE)) {
    out += convert(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + convert(text.slice(last));
}

/**
 * The Reply's neutral Markdown as Discord Markdown. The syntax is the same (`**bold**`, `*italic*`, code,
 * `[label](url)`); mention syntax is escaped so it shows as typed instead of as a mention.
 *
 * @example markdownToDiscord('**Hi** @everyone, see `<@1>`') // '**Hi** \\@everyone, see `<@1>`'
 */
export function markdownToDiscord(markdown: string): string {
  return outsideCode(markdown, (prose) => prose.replace(MENTION, '\\$1'));
}

/**
 * Text with every Discord Markdown character backslash-escaped, so it renders exactly as typed: no emphasis,
 * code, spoilers, links, headings, lists or mentions.
 *
 * @example escapeDiscordMarkdown('**hi** <@1>') // '\\*\\*hi\\*\\* \\<\\@1\\>'
 */
export function escapeDiscordMarkdown(text: string): string {
  return text
    .replace(MARKDOWN_SPECIAL, '\\$&')
    .replace(/^([ \t]*)([-+])(?=[ \t])/gm, '$1\\$2')
    .replace(/^([ \t]*\d+)\.(?=[ \t])/gm, '$1\\.');
}

/** Inline code, a masked link, bold, italic or strikethrough: what plain text leaves out. */
const INLINE_MARKUP =
  /`([^`\n]+)`|\[([^\]\n]+)\]\(([^)\s]+)\)|\*\*(?=\S)([^\n]*?\S)\*\*|(?<![*\w])\*([^\s*](?:[^*\n]*?[^\s*])?)\*(?![*\w])|~~(?=\S)([^~\n]*?\S)~~/g;

/** Markdown reduced to plain text, for the footer, which Discord shows without formatting. */
function plainText(markdown: string): string {
  return markdown.replace(
    INLINE_MARKUP,
    (_, code?: string, label?: string, url?: string, bold?: string, italic?: string, struck?: string) => {
      if (code !== undefined) return code;
      if (label !== undefined) return `${plainText(label)} (${url ?? ''})`;
      return plainText(bold ?? italic ?? struck ?? '');
    },
  );
}

/** Plain text clipped to `max` characters with an ellipsis, preferably at a space. */
export function clipPlain(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  const space = text.lastIndexOf(' ', end);
  return `${text.slice(0, space > end / 2 ? space : end).trimEnd()}…`;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Code as a fenced block; a fence inside the code is broken with a zero-width space so it cannot close early. */
function fence(code: string, language?: string): string {
  const tag = language && LANGUAGE.test(language) ? language : '';
  const body = code.replace(/^\n+|\s+$/g, '').replaceAll(FENCE, `\`\`${BLANK}\``);
  return `${FENCE}${tag}\n${body}${CLOSE_FENCE}`;
}

const fenceCount = (text: string) => text.split(FENCE).length - 1;

/** The fence that opens the block still open at the end of `text` (with its language), to reopen it. */
function openFence(text: string): string {
  const at = text.lastIndexOf(FENCE);
  const tag = /^[\w+#.-]*/.exec(text.slice(at + FENCE.length))?.[0] ?? '';
  return `${FENCE}${tag}\n`;
}

/** Spans a cut must not fall inside: inline code, a masked link, bold. Fenced blocks are matched to be skipped. */
const UNBREAKABLE = /```[\s\S]*?```|`[^`\n]+`|\[[^\]\n]+\]\([^)\s]+\)|\*\*(?=\S)[^\n]*?\S\*\*/g;
/** Where to cut, tried in order: paragraph, line, sentence, word. */
const BOUNDARIES = [/\n{2,}/g, /\n/g, /(?<=[.!?]["'”’)\]]?)[ \t]+/g, /[ \t]+/g];

/** `[end of this piece, start of the next]` for a piece of at most `budget` characters. */
function cutPoint(text: string, budget: number): [number, number] {
  const spans = [...text.matchAll(UNBREAKABLE)]
    .filter((match) => !match[0].startsWith(FENCE))
    .map((match): [number, number] => [match.index, match.index + match[0].length]);
  const inside = (index: number) => spans.some(([start, end]) => index > start && index < end);
  for (const pattern of BOUNDARIES) {
    let best: [number, number] | undefined;
    for (const match of text.matchAll(pattern)) {
      if (match.index > budget) break;
      if (match.index > 0 && !inside(match.index)) best = [match.index, match.index + match[0].length];
    }
    // A boundary in the first half would waste an embed; try a finer one.
    if (best && best[0] >= budget / 2) return best;
  }
  let end = budget;
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  // Never between a backslash and the character it escapes.
  if (text.charAt(end - 1) === '\\') end -= 1;
  if (end <= 0) end = budget;
  return [end, end];
}

/**
 * Discord Markdown split into pieces of at most `max` characters at paragraph, line, sentence or word
 * boundaries. A code block cut in two is closed at the end of one piece and reopened (with its language) at
 * the start of the next; a quoted line cut in two stays quoted.
 */
export function splitDiscordMarkdown(text: string, max: number = DISCORD_LIMITS.description): string[] {
  const pieces: string[] = [];
  let rest = text;
  let head = '';
  while (rest.length > 0) {
    if (head.length + rest.length <= max) {
      pieces.push(head + rest);
      break;
    }
    const [end, next] = cutPoint(rest, Math.max(1, max - head.length - CLOSE_FENCE.length));
    let piece = head + rest.slice(0, end);
    const midLine = !rest.slice(end, next).includes('\n');
    rest = rest.slice(next);
    head = '';
    if (fenceCount(piece) % 2 === 1) {
      head = openFence(piece);
      piece += CLOSE_FENCE;
    } else if (midLine && piece.slice(piece.lastIndexOf('\n') + 1).startsWith('> ')) {
      head = '> ';
    }
    pieces.push(piece);
  }
  return pieces.filter((piece) => piece.replace(/^> /gm, '').trim().length > 0);
}

/** At most `max` characters, cut at a boundary and ended with an ellipsis (and a closing fence if needed). */
function clipMarkdown(text: string, max: number): string {
  if (text.length <= max) return text;
  const [end] = cutPoint(text, max - 1 - CLOSE_FENCE.length);
  const clipped = `${text.slice(0, end).trimEnd()}…`;
  return fenceCount(clipped) % 2 === 1 ? clipped + CLOSE_FENCE : clipped;
}

/** A member's words: every line quoted and escaped, so Discord shows them exactly as written. */
function quoteMarkdown(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').replace(/^\s*\n|\s+$/g, '');
  if (!lines) return '';
  return escapeDiscordMarkdown(lines)
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** `• item`; the caller's own leaderboard row (ending in `← you`) in bold. */
function listItem(item: string): string {
  const lines = markdownToDiscord(item.trim()).split('\n');
  const own = item.trimEnd().endsWith(CALLER_MARK);
  return `• ${(own ? lines.map((line) => (line.trim() ? `**${line.trim()}**` : line)) : lines).join('\n')}`;
}

/** Small print inside the description: each line in italics. */
function italicLines(text: string): string {
  return markdownToDiscord(text.trim())
    .split('\n')
    .map((line) => (line.trim() ? `_${line.trim()}_` : line))
    .join('\n');
}

/** A section's Discord Markdown for the description ('' when it shows nothing); fields are laid out apart. */
function sectionMarkdown(section: Exclude<Section, { type: 'fields' }>): string {
  switch (section.type) {
    case 'text':
      return markdownToDiscord(section.text.trim());
    case 'quote':
      return quoteMarkdown(section.text);
    case 'code':
      return section.code.trim() ? fence(section.code, section.language) : '';
    case 'list':
      return section.items
        .filter((item) => item.trim())
        .map(listItem)
        .join('\n');
    case 'context':
      return italicLines(section.text);
  }
}

function embedFields(fields: readonly { label: string; value: string }[]): APIEmbedField[] {
  return fields
    .filter(({ label, value }) => label.trim() || value.trim())
    .map(({ label, value }) => ({
      name: clipPlain(markdownToDiscord(oneLine(label)), DISCORD_LIMITS.fieldName) || BLANK,
      value: clipMarkdown(markdownToDiscord(value.trim()), DISCORD_LIMITS.fieldValue) || BLANK,
      inline: true,
    }));
}

/** One embed's worth of content before the title and footer are placed. */
interface Draft {
  description?: string;
  fields: APIEmbedField[];
}

const fieldSize = (field: APIEmbedField) => field.name.length + field.value.length;
const draftSize = (draft: Draft) =>
  (draft.description?.length ?? 0) + draft.fields.reduce((sum, field) => sum + fieldSize(field), 0);

/**
 * The sections as embeds in reading order: text runs become descriptions (split past 4,096 characters);
 * fields follow the description they come after, 25 to an embed, and text after fields starts a new embed.
 */
function drafts(sections: readonly Section[]): Draft[] {
  const out: Draft[] = [];
  let prose: string[] = [];
  const flush = () => {
    for (const description of splitDiscordMarkdown(prose.join('\n\n'))) out.push({ description, fields: [] });
    prose = [];
  };
  for (const section of sections) {
    if (section.type !== 'fields') {
      const markdown = sectionMarkdown(section);
      if (markdown) prose.push(markdown);
      continue;
    }
    flush();
    for (const field of embedFields(section.fields)) {
      const last = out.at(-1);
      if (last && last.fields.length < DISCORD_LIMITS.fields) last.fields.push(field);
      else out.push({ fields: [field] });
    }
  }
  flush();
  return out;
}

/** The part of `draft` that fits in `room` characters, cut at a boundary; undefined when too little fits. */
function fragment(draft: Draft, room: number): Draft | undefined {
  const description = draft.description ?? '';
  if (description.length > room) {
    if (room < MIN_FRAGMENT) return undefined;
    const [head] = splitDiscordMarkdown(description, room);
    return head ? { description: head, fields: [] } : undefined;
  }
  let left = room - description.length;
  const fields: APIEmbedField[] = [];
  for (const field of draft.fields) {
    if (fieldSize(field) > left) break;
    fields.push(field);
    left -= fieldSize(field);
  }
  if (!description && fields.length === 0) return undefined;
  return description ? { description, fields } : { fields };
}

/** The last embed kept when a reply is cut short, ending with a note that it was. */
function withTruncatedNote(draft: Draft): Draft {
  if (draft.fields.length > 0) {
    const fields = draft.fields.slice(0, DISCORD_LIMITS.fields - 1);
    return { ...draft, fields: [...fields, { name: BLANK, value: TRUNCATED_NOTE, inline: false }] };
  }
  let description = draft.description ?? '';
  if (description.length + NOTE_COST > DISCORD_LIMITS.description) {
    description = splitDiscordMarkdown(description, DISCORD_LIMITS.description - NOTE_COST)[0] ?? '';
  }
  return { description: description ? `${description}\n${TRUNCATED_NOTE}` : TRUNCATED_NOTE, fields: [] };
}

/** Drafts within `budget` characters and the embed count, the last one ending with the truncation note. */
function truncated(all: readonly Draft[], budget: number): Draft[] {
  const kept: Draft[] = [];
  let room = budget;
  for (const draft of all) {
    if (kept.length === DISCORD_LIMITS.embeds) break;
    if (draftSize(draft) <= room) {
      kept.push(draft);
      room -= draftSize(draft);
      continue;
    }
    const part = fragment(draft, room);
    if (part) kept.push(part);
    break;
  }
  const last = kept.pop();
  return [...kept, withTruncatedNote(last ?? { fields: [] })];
}

/** The footer for a reply ending in small print that fits one; undefined when it does not. */
function footerText(sections: readonly Section[]): string | undefined {
  const last = sections.at(-1);
  if (last?.type !== 'context') return undefined;
  const text = plainText(last.text.trim());
  return text && text.length <= DISCORD_LIMITS.footer ? text : undefined;
}

function embeds(reply: Reply): APIEmbed[] {
  const title = clipPlain(oneLine(reply.title ?? ''), DISCORD_LIMITS.title) || undefined;
  const footer = footerText(reply.sections);
  const content = drafts(footer ? reply.sections.slice(0, -1) : reply.sections);
  const fixed = (title?.length ?? 0) + (footer?.length ?? 0);
  const size = content.reduce((sum, draft) => sum + draftSize(draft), fixed);
  let kept =
    size > DISCORD_LIMITS.embedTotal || content.length > DISCORD_LIMITS.embeds
      ? truncated(content, DISCORD_LIMITS.embedTotal - fixed - NOTE_COST)
      : content;
  if (kept.length === 0 && (title || footer)) kept = [{ fields: [] }];
  return kept.map((draft, index) => ({
    ...(index === 0 && title ? { title } : {}),
    ...(draft.description ? { description: draft.description } : {}),
    ...(draft.fields.length > 0 ? { fields: draft.fields } : {}),
    ...(index === kept.length - 1 && footer ? { footer: { text: footer } } : {}),
  }));
}

function buttonComponent(button: Button): APIButtonComponentWithCustomId | undefined {
  const customId = `${BUTTON_PREFIX}${button.action}`;
  // An id Discord would refuse cannot round-trip: leave the button out rather than fail the whole message.
  if (customId.length > DISCORD_LIMITS.customId || parseCustomId(customId) === null) return undefined;
  const label = oneLine(button.label) || (button.action.split(':')[0] ?? 'open');
  return {
    type: ComponentType.Button,
    custom_id: customId,
    label: clipPlain(label, DISCORD_LIMITS.buttonLabel),
    style: button.style === 'primary' ? ButtonStyle.Primary : ButtonStyle.Secondary,
  };
}

/** Rows of up to 5 buttons, up to 5 rows; Discord refuses two components with one custom_id, so the first wins. */
function buttonRows(buttons: readonly Button[]): APIActionRowComponent<APIButtonComponent>[] {
  const kept: APIButtonComponentWithCustomId[] = [];
  for (const button of buttons) {
    const component = buttonComponent(button);
    if (component && !kept.some((other) => other.custom_id === component.custom_id)) kept.push(component);
  }
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  const max = DISCORD_LIMITS.actionRows * DISCORD_LIMITS.buttonsPerRow;
  for (let start = 0; start < Math.min(kept.length, max); start += DISCORD_LIMITS.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: kept.slice(start, start + DISCORD_LIMITS.buttonsPerRow),
    });
  }
  return rows;
}

/**
 * The Reply as a Discord message: the title and sections as embeds within Discord's limits (a long reply is
 * split across embeds, and past 6,000 characters cut with a note), buttons in action rows, no mentions
 * allowed, and ephemeral when the reply is.
 *
 * @example
 * await interaction.reply(renderDiscordMessage(questionReply(question)));
 */
export function renderDiscordMessage(reply: Reply): DiscordMessage {
  return {
    embeds: embeds(reply),
    components: buttonRows(reply.buttons ?? []),
    allowedMentions: { parse: [] },
    ...(reply.visibility === 'ephemeral' ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

/** `next`, or `answer|reveal|report:<question id>`: everything a ButtonAction can be. */
const BUTTON_ACTION = /^(?:next|(?:answer|reveal|report):[\s\S]+)$/;
const isButtonAction = (text: string): text is ButtonAction => BUTTON_ACTION.test(text);

/** The ButtonAction a button's custom_id stands for (`coach:answer:<id>` → `answer:<id>`); null for anything else. */
export function parseCustomId(customId: string): ButtonAction | null {
  const action = customId.startsWith(BUTTON_PREFIX) ? customId.slice(BUTTON_PREFIX.length) : '';
  return isButtonAction(action) ? action : null;
}
