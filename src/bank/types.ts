// The question bank's vocabulary: areas, kinds and the Question every other module reads.
import type { Difficulty } from '../core/points.js';

/** The nine areas, in the order members see them. The slug is the content file's name. */
export const AREAS = [
  { slug: 'neural-networks', title: 'Neural networks' },
  { slug: 'nlp', title: 'Natural language processing' },
  { slug: 'transformers', title: 'Transformers' },
  { slug: 'llms', title: 'Large language models' },
  { slug: 'rag', title: 'RAG and multimodal RAG' },
  { slug: 'fine-tuning', title: 'Fine-tuning and model optimisation' },
  { slug: 'vector-databases', title: 'Vector databases' },
  { slug: 'llmops', title: 'LLMOps and system design' },
  { slug: 'evaluation', title: 'Evaluation' },
] as const;

export type AreaSlug = (typeof AREAS)[number]['slug'];

export const KINDS = ['concept', 'trade-off', 'debugging', 'design', 'code'] as const;
export type QuestionKind = (typeof KINDS)[number];

export const DIFFICULTY_LABELS: Record<Difficulty, string> = { 1: 'screening', 2: 'mid-level', 3: 'senior' };

export interface Question {
  /** Stable kebab-case id, never reused. */
  id: string;
  area: AreaSlug;
  /** Short title from the `##` heading. */
  title: string;
  difficulty: Difficulty;
  kind: QuestionKind;
  tags: string[];
  /** Ids of questions worth studying next. */
  related: string[];
  /** `seed-N`, `imported`, or undefined for original questions. */
  origin?: string;
  question: string;
  /** The reference answer, Markdown. */
  answer: string;
  keyPoints: string[];
  followUps: string[];
  commonMistakes?: string;
  readMore: string[];
  /** Where the question is written, for error messages. */
  source: { file: string; line: number; relatedLine?: number };
}

export const isAreaSlug = (value: string): value is AreaSlug => AREAS.some((area) => area.slug === value);
