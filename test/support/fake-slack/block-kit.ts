// The Block Kit limits Slack enforces on messages, modals and App Home views.
import type { SlackArgs } from './types.js';
import { isRecord, str } from './wire.js';

const MAX_MESSAGE_BLOCKS = 50;
const MAX_VIEW_BLOCKS = 100;
const MAX_MODAL_LABEL = 24;
const WRONG_TYPE = '[ERROR] must be one of the provided values [json-pointer:/view/type]';
const TOO_MANY_BLOCKS = '[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]';

const blocksOf = (view: Record<string, unknown>): unknown[] =>
  Array.isArray(view.blocks) ? view.blocks : [];

/** Why Slack would refuse a chat.postMessage / postEphemeral / update, if it would. */
export function messageProblem(args: SlackArgs): string | undefined {
  if (!args.text && !args.blocks && !args.attachments) return 'no_text';
  const blocks = args.blocks;
  if (blocks !== undefined && (!Array.isArray(blocks) || blocks.length > MAX_MESSAGE_BLOCKS)) {
    return 'invalid_blocks';
  }
  return undefined;
}

/** The `response_metadata.messages` Slack sends with `invalid_arguments` for a modal. */
export function modalProblems(view: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const textOf = (value: unknown) => (isRecord(value) ? str(value.text) : undefined);
  if (view.type !== 'modal') problems.push(WRONG_TYPE);
  if (textOf(view.title) === undefined)
    problems.push('[ERROR] missing required field: title [json-pointer:/view]');
  for (const field of ['title', 'submit', 'close']) {
    if ((textOf(view[field])?.length ?? 0) > MAX_MODAL_LABEL) {
      problems.push(`[ERROR] must be less than 25 characters [json-pointer:/view/${field}/text]`);
    }
  }
  const blocks = blocksOf(view);
  if (blocks.length > MAX_VIEW_BLOCKS) problems.push(TOO_MANY_BLOCKS);
  if (view.submit === undefined && blocks.some((block) => isRecord(block) && block.type === 'input')) {
    problems.push('[ERROR] must provide a submit property when using input blocks [json-pointer:/view]');
  }
  return problems;
}

/** The `response_metadata.messages` Slack sends with `invalid_arguments` for an App Home view. */
export function homeProblems(view: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (view.type !== 'home') problems.push(WRONG_TYPE);
  if (blocksOf(view).length > MAX_VIEW_BLOCKS) problems.push(TOO_MANY_BLOCKS);
  return problems;
}
