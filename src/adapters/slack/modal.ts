// The answer and report modals: what the Answer and Report buttons open, and reading submissions back.
import type { KnownBlock, PlainTextElement, View } from '@slack/types';
import { escapeSlackText, markdownToMrkdwn, splitMrkdwn } from './render.js';

export const ANSWER_CALLBACK_ID = 'coach_answer';
export const ANSWER_BLOCK_ID = 'answer';
export const ANSWER_ACTION_ID = 'text';
/** Slack's ceiling for a `plain_text_input` (`/coach answer <text>` takes up to 4,000). */
export const SLACK_MODAL_MAX_ANSWER = 3000;

/** Sections of question text shown above the input; a question is a paragraph or two, never this long. */
const MAX_QUESTION_SECTIONS = 10;
const TRUNCATED_NOTE = '_…(truncated)_';

export interface AnswerModalInput {
  questionId: string;
  title: string;
  /** The question's text, neutral Markdown. */
  question: string;
  /** Where the answer's feedback goes once it is submitted. */
  channelId: string;
  /** The channel message (a daily post) whose button opened the modal: its thread shows a tally. */
  postTs?: string;
}

/** What a `view_submission` of the answer modal carries; Bolt's `ViewOutput` fits. */
export interface AnswerSubmissionView {
  private_metadata?: string;
  state: { values: Record<string, Record<string, { value?: string | null }>> };
}

export interface AnswerSubmission {
  questionId: string;
  channelId: string;
  postTs?: string;
  /** The answer as typed ('' when the field came back empty). */
  text: string;
}

const plain = (text: string): PlainTextElement => ({ type: 'plain_text', text });

function questionSections(title: string, question: string): KnownBlock[] {
  const heading = title.trim() ? `*${escapeSlackText(title.replace(/\s+/g, ' ').trim())}*\n` : '';
  const pieces = splitMrkdwn(`${heading}${markdownToMrkdwn(question.trim())}`);
  const kept = pieces.slice(0, MAX_QUESTION_SECTIONS);
  const last = kept.pop();
  if (last !== undefined) {
    kept.push(
      pieces.length > MAX_QUESTION_SECTIONS
        ? `${splitMrkdwn(last, 3000 - TRUNCATED_NOTE.length - 1)[0] ?? ''}\n${TRUNCATED_NOTE}`
        : last,
    );
  }
  return kept.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
}

/**
 * The modal the Answer button opens: the question, then a multi-line input for the answer. The question and
 * channel ride along in `private_metadata` for {@link readAnswerSubmission}.
 */
export function answerModal(input: AnswerModalInput): View {
  return {
    type: 'modal',
    callback_id: ANSWER_CALLBACK_ID,
    title: plain('Answer'),
    submit: plain('Submit'),
    close: plain('Cancel'),
    private_metadata: JSON.stringify({
      questionId: input.questionId,
      channelId: input.channelId,
      ...(input.postTs ? { postTs: input.postTs } : {}),
    }),
    blocks: [
      ...questionSections(input.title, input.question),
      {
        type: 'input',
        block_id: ANSWER_BLOCK_ID,
        label: plain('Your answer'),
        hint: plain(
          'Slack modals take up to 3,000 characters; for a longer answer use /coach answer <text>, which takes up to 4,000.',
        ),
        element: {
          type: 'plain_text_input',
          action_id: ANSWER_ACTION_ID,
          multiline: true,
          max_length: SLACK_MODAL_MAX_ANSWER,
          placeholder: plain('Explain it as you would in an interview'),
        },
      },
    ],
  };
}

/** The question, channel and answer from a submitted answer modal; null when its metadata is missing or malformed. */
export function readAnswerSubmission(view: AnswerSubmissionView): AnswerSubmission | null {
  let metadata: unknown;
  try {
    metadata = JSON.parse(view.private_metadata ?? '');
  } catch {
    return null;
  }
  if (typeof metadata !== 'object' || metadata === null) return null;
  if (!('questionId' in metadata) || !('channelId' in metadata)) return null;
  const { questionId, channelId } = metadata;
  if (typeof questionId !== 'string' || !questionId || typeof channelId !== 'string' || !channelId)
    return null;
  const text = view.state.values[ANSWER_BLOCK_ID]?.[ANSWER_ACTION_ID]?.value ?? '';
  const postTs = 'postTs' in metadata && typeof metadata.postTs === 'string' ? metadata.postTs : undefined;
  return { questionId, channelId, text, ...(postTs ? { postTs } : {}) };
}

/** The `ack` that keeps the modal open and shows `message` under the answer field. */
export function answerErrors(message: string): { response_action: 'errors'; errors: Record<string, string> } {
  return { response_action: 'errors', errors: { [ANSWER_BLOCK_ID]: message } };
}

export const REPORT_CALLBACK_ID = 'coach_report';
export const REPORT_BLOCK_ID = 'note';
const REPORT_ACTION_ID = 'text';
/** The core's limit on a report. */
const MAX_REPORT = 1000;

/** The modal the Report button opens: what is wrong with the question or its reference answer. */
export function reportModal(input: { questionId: string; title: string; channelId: string }): View {
  return {
    type: 'modal',
    callback_id: REPORT_CALLBACK_ID,
    title: plain('Report a problem'),
    submit: plain('Send'),
    close: plain('Cancel'),
    private_metadata: JSON.stringify({ questionId: input.questionId, channelId: input.channelId }),
    blocks: [
      ...questionSections(input.title, ''),
      {
        type: 'input',
        block_id: REPORT_BLOCK_ID,
        label: plain('What is wrong or unclear?'),
        element: {
          type: 'plain_text_input',
          action_id: REPORT_ACTION_ID,
          multiline: true,
          max_length: MAX_REPORT,
        },
      },
    ],
  };
}

/** The question, channel and note from a submitted report modal; null when its metadata is malformed. */
export function readReportSubmission(
  view: AnswerSubmissionView,
): { questionId: string; channelId: string; note: string } | null {
  const answer = readAnswerSubmission(view);
  if (!answer) return null;
  const note = view.state.values[REPORT_BLOCK_ID]?.[REPORT_ACTION_ID]?.value ?? '';
  return { questionId: answer.questionId, channelId: answer.channelId, note };
}
