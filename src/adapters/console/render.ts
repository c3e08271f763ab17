// Renders a Reply as terminal text: plain when piped, with bold and dim when stdout is a terminal.
import type { Button, Reply, Section } from '../../core/reply.js';

export interface RenderOptions {
  /** ANSI bold/dim; only for a terminal. */
  color: boolean;
}

const BUTTON_HINTS: Record<string, (button: Button) => string> = {
  answer: () => '`answer <your answer>`',
  next: () => '`next`',
  reveal: () => '`reveal`',
  report: () => '`report <note>`',
};

function inline(text: string, options: RenderOptions): string {
  return text.replace(/\*\*(.+?)\*\*/g, (_, inner: string) =>
    options.color ? `\x1b[1m${inner}\x1b[22m` : inner,
  );
}

function renderSection(section: Section, options: RenderOptions): string {
  switch (section.type) {
    case 'text':
      return inline(section.text, options);
    case 'quote':
      return section.text
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
    case 'code':
      return section.code
        .split('\n')
        .map((line) => `    ${line}`)
        .join('\n');
    case 'list':
      return section.items.map((item) => `  • ${inline(item, options)}`).join('\n');
    case 'fields':
      return section.fields.map((field) => `${field.label}: ${inline(field.value, options)}`).join('\n');
    case 'context':
      return options.color ? `\x1b[2m${section.text}\x1b[22m` : section.text;
  }
}

/** The reply as lines for a terminal; buttons become the commands to type. */
export function renderReply(reply: Reply, options: RenderOptions): string {
  const parts: string[] = [];
  if (reply.title) parts.push(options.color ? `\x1b[1m== ${reply.title} ==\x1b[22m` : `== ${reply.title} ==`);
  for (const section of reply.sections) parts.push(renderSection(section, options));
  if (reply.buttons?.length) {
    const hints = reply.buttons.map((button) => {
      const kind = button.action.split(':')[0] ?? '';
      return `${button.label}: ${BUTTON_HINTS[kind]?.(button) ?? kind}`;
    });
    parts.push(`[${hints.join(' | ')}]`);
  }
  return parts.join('\n');
}
