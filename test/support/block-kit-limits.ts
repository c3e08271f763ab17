// Block Kit limits and a checker for them: every limit a message or modal breaks, and any mrkdwn that
// could ping. Shared by the renderer's unit tests and the adapter tests that read what reached Slack.
import type { KnownBlock, ModalView, View } from '@slack/types';

// Block Kit limits, from PLATFORMS.md and the Block Kit reference; written out here rather than imported
// so that a wrong constant in the renderer cannot pass its own test.
export const BLOCK_KIT_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  header: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  id: 255,
  modalButton: 24,
  inputMaxLength: 3000,
  label: 2000,
  placeholder: 150,
  privateMetadata: 3000,
};

interface TextLike {
  type: string;
  text: string;
}

/** Every way a mrkdwn text could break Slack or ping someone. */
export function mrkdwnProblems(where: string, text: string, max: number): string[] {
  const problems: string[] = [];
  if (text.length < 1 || text.length > max) problems.push(`${where}: ${text.length} chars (1–${max})`);
  if ((text.split('```').length - 1) % 2 !== 0) problems.push(`${where}: unbalanced code fence`);
  // Only our own links may open with `<`; anything else (<!channel>, <@U1>, <#C1>) would be live markup.
  for (const match of text.matchAll(/</g)) {
    if (!/^<https?:\/\//.test(text.slice(match.index))) problems.push(`${where}: raw < at ${match.index}`);
  }
  if (/&(?!amp;|lt;|gt;)/.test(text)) problems.push(`${where}: unescaped &`);
  return problems;
}

function textProblems(where: string, text: TextLike | undefined, max: number): string[] {
  if (!text) return [`${where}: missing`];
  if (text.type === 'mrkdwn') return mrkdwnProblems(where, text.text, max);
  return text.text.length >= 1 && text.text.length <= max
    ? []
    : [`${where}: ${text.text.length} chars (1–${max})`];
}

export const plainProblems = (where: string, text: TextLike | undefined, max: number) =>
  text?.type === 'plain_text' ? textProblems(where, text, max) : [`${where}: not plain_text`];

/** Walks every block and lists each Block Kit limit it breaks; [] when Slack would take it. */
export function slackLimitProblems(blocks: readonly KnownBlock[], maxBlocks: number): string[] {
  const problems: string[] = [];
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks (max ${maxBlocks})`);
  blocks.forEach((block, index) => {
    const at = `block ${index} (${block.type})`;
    if (block.block_id !== undefined && block.block_id.length > BLOCK_KIT_LIMITS.id)
      problems.push(`${at}: block_id`);
    switch (block.type) {
      case 'header':
        problems.push(...plainProblems(at, block.text, BLOCK_KIT_LIMITS.header));
        break;
      case 'section':
        if (!block.text && !block.fields?.length) problems.push(`${at}: neither text nor fields`);
        if (block.text) problems.push(...textProblems(at, block.text, BLOCK_KIT_LIMITS.sectionText));
        if (block.fields && block.fields.length > BLOCK_KIT_LIMITS.fields)
          problems.push(`${at}: ${block.fields.length} fields`);
        block.fields?.forEach((field, i) => {
          problems.push(...textProblems(`${at} field ${i}`, field, BLOCK_KIT_LIMITS.fieldText));
        });
        break;
      case 'context':
        if (block.elements.length < 1 || block.elements.length > BLOCK_KIT_LIMITS.contextElements) {
          problems.push(`${at}: ${block.elements.length} elements`);
        }
        block.elements.forEach((element, i) => {
          if (element.type === 'mrkdwn' || element.type === 'plain_text') {
            problems.push(...textProblems(`${at} element ${i}`, element, BLOCK_KIT_LIMITS.sectionText));
          }
        });
        break;
      case 'actions': {
        if (block.elements.length < 1 || block.elements.length > BLOCK_KIT_LIMITS.actionsElements) {
          problems.push(`${at}: ${block.elements.length} elements`);
        }
        const ids = block.elements.map((element) => element.action_id ?? '');
        if (new Set(ids).size !== ids.length)
          problems.push(`${at}: duplicate action_id in ${ids.join(', ')}`);
        for (const element of block.elements) {
          if (element.type !== 'button') {
            problems.push(`${at}: unexpected ${element.type}`);
            continue;
          }
          problems.push(...plainProblems(`${at} button`, element.text, BLOCK_KIT_LIMITS.buttonText));
          const value = element.value ?? '';
          if (value.length < 1 || value.length > BLOCK_KIT_LIMITS.buttonValue)
            problems.push(`${at}: button value "${value}"`);
          if (!element.action_id || element.action_id.length > BLOCK_KIT_LIMITS.id)
            problems.push(`${at}: action_id`);
        }
        break;
      }
      case 'input':
        problems.push(...plainProblems(`${at} label`, block.label, BLOCK_KIT_LIMITS.label));
        if (block.hint) problems.push(...plainProblems(`${at} hint`, block.hint, BLOCK_KIT_LIMITS.label));
        if (block.element.type === 'plain_text_input') {
          const { max_length, placeholder, action_id } = block.element;
          if (max_length === undefined || max_length > BLOCK_KIT_LIMITS.inputMaxLength)
            problems.push(`${at}: max_length`);
          if (placeholder)
            problems.push(...plainProblems(`${at} placeholder`, placeholder, BLOCK_KIT_LIMITS.placeholder));
          if (!action_id || action_id.length > BLOCK_KIT_LIMITS.id) problems.push(`${at}: action_id`);
        }
        break;
      default:
        problems.push(`${at}: a block type this renderer never produces`);
    }
  });
  return problems;
}

export function modalProblems(view: View): string[] {
  if (view.type !== 'modal') return ['not a modal'];
  const problems = slackLimitProblems(view.blocks as KnownBlock[], BLOCK_KIT_LIMITS.viewBlocks);
  const buttons: [string, ModalView['title'] | undefined][] = [
    ['title', view.title],
    ['submit', view.submit],
    ['close', view.close],
  ];
  for (const [name, text] of buttons)
    problems.push(...plainProblems(name, text, BLOCK_KIT_LIMITS.modalButton));
  if ((view.private_metadata ?? '').length > BLOCK_KIT_LIMITS.privateMetadata)
    problems.push('private_metadata');
  if ((view.callback_id ?? '').length > BLOCK_KIT_LIMITS.id) problems.push('callback_id');
  return problems;
}
