// Reply: the neutral message every command returns and every adapter renders its own way.

/** A button's action. Adapters map clicks back to the command it stands for. */
export type ButtonAction = `answer:${string}` | 'next' | `reveal:${string}` | `report:${string}`;

export interface Button {
  action: ButtonAction;
  label: string;
  style?: 'primary' | 'default';
}

/**
 * One block of a reply. `text` is neutral Markdown (`**bold**`, `*italic*`, `` `code` ``, links);
 * adapters convert it and escape it so that nothing a member wrote can ping a channel.
 */
export type Section =
  | { type: 'text'; text: string }
  /** Words a member wrote, shown verbatim (never parsed as Markdown or mentions). */
  | { type: 'quote'; text: string }
  | { type: 'code'; code: string; language?: string }
  | { type: 'list'; items: string[] }
  | { type: 'fields'; fields: { label: string; value: string }[] }
  /** Small print under the main content (area, difficulty, hints). */
  | { type: 'context'; text: string };

export interface Reply {
  title?: string;
  sections: Section[];
  buttons?: Button[];
  /** `ephemeral`: only the caller sees it (on platforms that can); `channel`: everyone does. */
  visibility: 'ephemeral' | 'channel';
  /**
   * Slow work that runs after this reply is acknowledged (grading). Adapters send the reply first,
   * then await the follow-up and deliver what it returns.
   */
  followUp?: () => Promise<Reply>;
}

/** A one-paragraph reply, ephemeral unless said otherwise. */
export function textReply(text: string, visibility: Reply['visibility'] = 'ephemeral'): Reply {
  return { sections: [{ type: 'text', text }], visibility };
}

/** The reply's text without formatting: the notification fallback and the console's output. */
export function replyToPlainText(reply: Reply): string {
  const lines: string[] = [];
  if (reply.title) lines.push(reply.title);
  for (const section of reply.sections) {
    switch (section.type) {
      case 'text':
      case 'context':
      case 'quote':
        lines.push(section.text);
        break;
      case 'code':
        lines.push(section.code);
        break;
      case 'list':
        lines.push(...section.items.map((item) => `- ${item}`));
        break;
      case 'fields':
        lines.push(...section.fields.map((field) => `${field.label}: ${field.value}`));
        break;
    }
  }
  return lines.join('\n');
}
