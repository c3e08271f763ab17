// The answer and report modals that the Answer and Report buttons open, and reading their submissions back.
import { type APIModalInteractionResponseCallbackData, ComponentType, TextInputStyle } from 'discord.js';
import { MAX_ANSWER_LENGTH, MAX_REPORT_LENGTH } from '../../core/coach.js';
import { clipPlain, DISCORD_LIMITS } from './render.js';

export const ANSWER_MODAL_PREFIX = 'coach_answer:';
export const REPORT_MODAL_PREFIX = 'coach_report:';
export const ANSWER_INPUT_ID = 'answer';
export const REPORT_INPUT_ID = 'note';

export interface ModalQuestion {
  id: string;
  title: string;
}

export interface ModalSubmission {
  kind: 'answer' | 'report';
  questionId: string;
  /** What the member typed, as typed ('' when the field came back empty). */
  text: string;
}

interface ModalInput {
  customId: string;
  label: string;
  maxLength: number;
  placeholder?: string;
}

/**
 * A modal with one required paragraph input, titled after the question. The full title (up to 100 characters)
 * shows under the input's label when the modal's 45-character title had to cut it.
 */
function textModal(
  customId: string,
  title: string,
  question: ModalQuestion,
  input: ModalInput,
): APIModalInteractionResponseCallbackData {
  // Buttons whose ids would not fit are never rendered, so this only trips on a caller's mistake.
  if (customId.length > DISCORD_LIMITS.customId) {
    throw new RangeError(`Question id "${question.id}" is too long for a Discord modal custom_id`);
  }
  const shown = clipPlain(title, DISCORD_LIMITS.modalTitle);
  const fullTitle = question.title.replace(/\s+/g, ' ').trim();
  return {
    custom_id: customId,
    title: shown,
    components: [
      {
        type: ComponentType.Label,
        label: clipPlain(input.label, DISCORD_LIMITS.modalLabel),
        ...(shown !== title && fullTitle
          ? { description: clipPlain(fullTitle, DISCORD_LIMITS.modalLabelDescription) }
          : {}),
        component: {
          type: ComponentType.TextInput,
          custom_id: input.customId,
          style: TextInputStyle.Paragraph,
          min_length: 1,
          max_length: Math.min(input.maxLength, DISCORD_LIMITS.textInput),
          required: true,
          ...(input.placeholder
            ? { placeholder: clipPlain(input.placeholder, DISCORD_LIMITS.placeholder) }
            : {}),
        },
      },
    ],
  };
}

const modalTitle = (prefix: string, question: ModalQuestion) =>
  `${prefix}: ${question.title.replace(/\s+/g, ' ').trim()}`;

/**
 * The modal the Answer button opens: one paragraph input for the answer, up to 4,000 characters (the core's
 * limit and Discord's). Its custom_id carries the question for {@link readModalSubmission}.
 *
 * @example
 * await interaction.showModal(answerModal({ id: 'what-is-rag', title: 'What is RAG?' }));
 */
export function answerModal(question: ModalQuestion): APIModalInteractionResponseCallbackData {
  return textModal(`${ANSWER_MODAL_PREFIX}${question.id}`, modalTitle('Answer', question), question, {
    customId: ANSWER_INPUT_ID,
    label: 'Your answer',
    maxLength: MAX_ANSWER_LENGTH,
    placeholder: 'Explain it as you would in an interview',
  });
}

/** The modal the Report button opens: what is wrong or unclear about the question or its reference answer. */
export function reportModal(question: ModalQuestion): APIModalInteractionResponseCallbackData {
  return textModal(`${REPORT_MODAL_PREFIX}${question.id}`, modalTitle('Report', question), question, {
    customId: REPORT_INPUT_ID,
    label: 'What is wrong or unclear?',
    maxLength: MAX_REPORT_LENGTH,
  });
}

/**
 * The kind, question and text of a submitted answer or report modal, from its custom_id and its text inputs
 * (custom_id → value); null for any other modal.
 */
export function readModalSubmission(
  customId: string,
  fields: Record<string, string>,
): ModalSubmission | null {
  const kinds = [
    ['answer', ANSWER_MODAL_PREFIX, ANSWER_INPUT_ID],
    ['report', REPORT_MODAL_PREFIX, REPORT_INPUT_ID],
  ] as const;
  for (const [kind, prefix, inputId] of kinds) {
    if (!customId.startsWith(prefix)) continue;
    const questionId = customId.slice(prefix.length);
    return questionId ? { kind, questionId, text: fields[inputId] ?? '' } : null;
  }
  return null;
}
