// The offline rubric grader: for each key point, the passage of the answer that states it, by weighted term coverage.
import { analyze, isFunctionWord, NEGATED_CONTRACTIONS, term, words } from './analyzer.js';
import { isClaimless, joinCompounds } from './claims.js';
import {
  type Grade,
  type GradedKeyPoint,
  type GradeFlag,
  type GradeInput,
  type Grader,
  verdictFor,
} from './grader.js';
import { isGraderTalk, topicWords } from './meta-talk.js';
import { type TermWeights, uniformWeights } from './term-weights.js';
import { containment, sentences, shingles } from './text.js';

export interface RubricTuning {
  /** Coverage (weighted share of a key point's terms) below which a passage earns nothing. */
  floor: number;
  /** Coverage at which a key point earns full credit. */
  full: number;
  /** Credit at which a key point counts as covered. */
  coveredAt: number;
  /** Words a passage needs per key point it covers before it reads as a list of terms. */
  wordsPerPoint: number;
  /** Coverage kept when the passage and the key point disagree on negation. */
  negationPenalty: number;
  /** Credit kept by a passage that is a list of terms ("HNSW, efSearch, recall, layers"). */
  listPenalty: number;
  /** Coverage kept when a key point's words are found only across the whole answer. */
  wholeAnswer: number;
  /** Above this share of bare fragments an answer reads as keyword stuffing... */
  telegraphicFrom: number;
  /** ...and loses this much of its score per unit of share above it (down to `listPenalty`). */
  telegraphicSlope: number;
  /** ...when it has at least this many bare fragments (fewer are a terse answer, not a list). */
  telegraphicItems: number;
  /** Above this share of (weighted) terms that the question and reference never use, claims go beyond... */
  foreignFrom: number;
  /** ...and the score loses this much per unit of share above it, */
  foreignSlope: number;
  /** ...in full only when the reference says this many distinct terms (a one-liner speaks for little). */
  foreignVocabulary: number;
  /** Answers up to this many words are short: one idea stated well earns `shortAnswerDepth`. */
  shortAnswerWords: number;
  shortAnswerDepth: number;
  /** Below this grounding (see `grounding`) an answer's clauses join the rubric's terms in claims it never makes... */
  groundedFrom: number;
  /** ...and the score loses this much per unit below it. */
  groundedSlope: number;
  /** Weight kept by a key point's terms that the question already names. */
  questionTerms: number;
}

export const DEFAULT_TUNING: RubricTuning = {
  floor: 0.15,
  full: 0.45,
  coveredAt: 0.8,
  wordsPerPoint: 6,
  negationPenalty: 0.5,
  listPenalty: 0.25,
  wholeAnswer: 1,
  telegraphicFrom: 0.5,
  telegraphicSlope: 2,
  telegraphicItems: 3,
  foreignFrom: 0.4,
  foreignSlope: 1,
  foreignVocabulary: 100,
  shortAnswerWords: 30,
  shortAnswerDepth: 0.6,
  groundedFrom: 0.8,
  groundedSlope: 1.5,
  questionTerms: 0.5,
};

/** An answer whose word triples come this much from the reference or the rubric is a copy. */
const COPY_THRESHOLD = 0.8;
const COPY_MIN_WORDS = 12;
/** A sentence this close to the key points' own wording earns nothing: the rubric is not an answer. */
const SENTENCE_COPY_THRESHOLD = 0.8;
const SENTENCE_COPY_MIN_WORDS = 6;
const MAX_DERIVED_KEY_POINTS = 5;
const NEGATION_WINDOW = 20;
const NEGATIONS = new Set(['not', 'no', 'never', 'without', 'cannot', ...NEGATED_CONTRACTIONS]);

/** Key points for a reference that has none: its most contentful sentences, in order. */
export function deriveKeyPoints(reference: string): string[] {
  const candidates = sentences(reference).map((text, index) => ({
    text,
    index,
    weight: new Set(analyze(text)).size,
  }));
  const substantial = candidates.filter((c) => c.weight >= 3);
  const pool = substantial.length > 0 ? substantial : candidates;
  return pool
    .sort((a, b) => b.weight - a.weight)
    .slice(0, MAX_DERIVED_KEY_POINTS)
    .sort((a, b) => a.index - b.index)
    .map((c) => c.text);
}

/** Removes characters that hide text from a reader: zero-width, bidirectional overrides, and the like. */
export function visibleText(text: string): string {
  return text.normalize('NFKC').replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]/g, '');
}

interface Passage {
  text: string;
  terms: Set<string>;
  words: number;
  negated: boolean;
  /** Mostly a run of bare terms separated by commas, slashes or semicolons. */
  list: boolean;
  /** Multiplies the coverage: below 1 for the whole answer read as one passage. */
  scale: number;
  parts: readonly SentenceInfo[];
}

// Items of a list: commas, slashes, dashes and plus signs.
const ITEM_BREAK = /[,;/]|\s[-–]\s|\s\+\s/;
// A chain links more items: arrows ("query -> embed -> ANN") and the "and"/"with"/"or" of a jargon string
// ("HNSW with efSearch and M and recall"); a terse answer's "cause -> effect -> fix" is shorter.
const CHAIN_BREAK = /[,;/]|\s[-–]\s|\s\+\s|->|=>|→|\s(?:and|with|or)\s/i;
const CHAIN_MIN_ITEMS = 6;

/**
 * A run of four or more items, most of them one to three words with no function word between: terms
 * named, not explained. Separate bullet lines are separate sentences and never count as one list, and a
 * list introduced by a stated idea ("retry only transient errors: ...") is a list of examples.
 */
export function isTermList(sentence: string): boolean {
  // "Retry only transient errors: 429, 5xx, timeouts" enumerates examples of a stated idea.
  const head = /^([^:]+):/.exec(sentence)?.[1];
  if (head && words(head).length >= 3) return false;
  return bareItems(sentence, ITEM_BREAK, 4, 0.65) || bareItems(sentence, CHAIN_BREAK, CHAIN_MIN_ITEMS, 0.85);
}

/** At least `min` items, most of them one to three words with no function word. */
function bareItems(sentence: string, separator: RegExp, min: number, share: number): boolean {
  // Shorthand first ("w/ prompt len" is "with prompt len", not two items), arrows kept for the chain.
  const items = sentence
    .replace(/\bw\/o\b/gi, ' without ')
    .replace(/\bw\/(?=\s|[a-z])/gi, ' with ')
    .split(separator)
    .map((item) => words(item))
    // Single letters and numbers are the variables of a formula ("2PR / (P + R)"), not named terms.
    .filter((w) => w.some((word) => /[a-z]/.test(word) && word.length > 1));
  if (items.length < min) return false;
  const bare = items.filter((w) => w.length <= 3 && !w.some((word) => isFunctionWord(word))).length;
  return bare / items.length >= share;
}

/** One sentence, analysed once. */
interface SentenceInfo {
  text: string;
  terms: Set<string>;
  /** Readable words, counted only when the sentence uses some term of the rubric: filler adds nothing. */
  words: number;
  negated: boolean;
  list: boolean;
}

function sentenceInfo(
  text: string,
  weights: TermWeights,
  rubricTerms: ReadonlySet<string>,
  analysed: readonly string[] = analyze(text),
): SentenceInfo {
  const tokens = words(text);
  const terms = new Set(analysed);
  const relevant = [...terms].some((t) => rubricTerms.has(t));
  return {
    text,
    terms,
    words: relevant ? tokens.filter((word) => readable(word, weights, rubricTerms)).length : 0,
    negated: tokens.some((w) => NEGATIONS.has(w)),
    list: isTermList(text),
  };
}

/** Shortest answer term read as a truncation of a rubric term. */
const TRUNCATION_MIN = 4;

/**
 * Answer terms that are truncations of a rubric term ("vocab", "eval", "init", "conv" for "vocabulary",
 * "evaluation", "initialisation", "convolution") stand for it within this grading.
 */
function truncations(
  analysed: readonly (readonly string[])[],
  rubricTerms: ReadonlySet<string>,
): (term: string) => string {
  const rubric = [...rubricTerms].filter((r) => /^[a-z]+$/.test(r));
  const map = new Map<string, string>();
  for (const t of new Set(analysed.flat())) {
    if (rubricTerms.has(t) || t.length < TRUNCATION_MIN || !/^[a-z]+$/.test(t)) continue;
    const full = rubric.find((r) => r.startsWith(t));
    if (full) map.set(t, full);
  }
  return (t) => map.get(t) ?? t;
}

/** What grading needs from a question, computed once per question and reused (bots grade one question many times). */
interface RubricContext {
  keyPoints: string[];
  points: KeyPointTerms[];
  rubricTerms: Set<string>;
  /** Every term of the question, reference and key points. */
  vocabulary: Set<string>;
  rubricShingles: Set<string>;
  questionShingles: Set<string>;
  keyPointShingles: Set<string>;
  topic: ReadonlySet<string>;
  /** The terms of each sentence of the reference and of each key point: the claims the rubric makes. */
  claims: ReadonlySet<string>[];
  /** Every term of those claims. */
  claimed: ReadonlySet<string>;
}

interface KeyPointTerms {
  text: string;
  terms: string[];
  /** Each term's weight in this key point, parallel to `terms`. */
  termWeights: number[];
  total: number;
  negated: boolean;
}

const CONTEXT_CACHE_SIZE = 512;
const contexts = new WeakMap<TermWeights, Map<string, RubricContext>>();

function rubricContext(
  question: string,
  reference: string,
  givenKeyPoints: readonly string[] | undefined,
  weights: TermWeights,
  questionWeight = 1,
): RubricContext {
  const key = JSON.stringify([question, reference, givenKeyPoints ?? [], questionWeight]);
  const cache = contexts.get(weights) ?? new Map<string, RubricContext>();
  contexts.set(weights, cache);
  const cached = cache.get(key);
  if (cached) return cached;
  const keyPoints = givenKeyPoints?.length ? [...givenKeyPoints] : deriveKeyPoints(reference);
  const asked = new Set(analyze(question));
  const points = keyPoints.map((text) => {
    const terms = [...new Set(analyze(text))];
    const termWeights = terms.map((t) => weights(t) * (asked.has(t) ? questionWeight : 1));
    return {
      text,
      terms,
      termWeights,
      total: termWeights.reduce((sum, w) => sum + w, 0),
      negated: words(text).some((w) => NEGATIONS.has(w)),
    };
  });
  const claims = [...sentences(reference), ...keyPoints].map((text) => new Set(analyze(text)));
  const context: RubricContext = {
    keyPoints,
    points,
    rubricTerms: new Set(points.flatMap((p) => p.terms)),
    vocabulary: new Set(analyze(`${question}\n${reference}\n${keyPoints.join('\n')}`)),
    rubricShingles: shingles(words(`${reference}\n${keyPoints.join('\n')}`)),
    questionShingles: shingles(words(question)),
    keyPointShingles: shingles(words(keyPoints.join('\n'))),
    topic: topicWords(`${question}\n${reference}\n${keyPoints.join('\n')}`),
    claims,
    claimed: new Set(claims.flatMap((c) => [...c])),
  };
  if (cache.size >= CONTEXT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, context);
  return context;
}

function combine(parts: readonly SentenceInfo[]): Passage {
  return {
    text: parts.map((p) => p.text).join(' '),
    terms: new Set(parts.flatMap((p) => [...p.terms])),
    words: parts.reduce((sum, p) => sum + p.words, 0),
    negated: parts.some((p) => p.negated),
    list: parts.length === 1 && (parts[0]?.list ?? false),
    scale: 1,
    parts,
  };
}

/**
 * Runs of one to three consecutive sentences (an idea is often spread over a bullet and its
 * sub-bullets), and the whole answer, discounted: terse and oddly formatted answers scatter an idea's
 * words across lines that no short window holds together. Lists of bare terms count against it.
 */
function passagesOf(list: readonly SentenceInfo[], tuning: RubricTuning): Passage[] {
  const result: Passage[] = [];
  for (let size = 1; size <= 3; size++) {
    for (let i = 0; i + size <= list.length; i++) {
      const window = list.slice(i, i + size);
      // A list of terms stands alone: its terms never join the idea stated next to it.
      if (size === 1 || !window.some((p) => p.list)) result.push(combine(window));
    }
  }
  const stated = list.filter((p) => !p.list);
  if (stated.length > 0) {
    const whole = combine(stated);
    const listed = stated.filter((p) => p.list).reduce((sum, p) => sum + p.words, 0);
    const listShare = whole.words === 0 ? 0 : Math.min(1, listed / whole.words);
    whole.scale = tuning.wholeAnswer * (1 - listShare * (1 - tuning.listPenalty));
    result.push(whole);
  }
  return result;
}

/**
 * A word this grader can read: an English function word, a term the bank uses, or a term of this
 * question's own rubric (a question outside the bank's field brings words the bank never uses).
 */
function readable(word: string, weights: TermWeights, rubric: ReadonlySet<string>): boolean {
  if (isFunctionWord(word) || /^\d+$/.test(word)) return true;
  const t = term(word);
  return (weights.known?.(t) ?? true) || rubric.has(t);
}

/** Text mostly in words this grader cannot read (another language, encodings, homoglyphs) earns nothing. */
function isUnreadable(sentence: string, weights: TermWeights, rubric: ReadonlySet<string>): boolean {
  const tokens = words(sentence);
  if (tokens.length < 4) return false;
  return tokens.filter((word) => readable(word, weights, rubric)).length / tokens.length < 0.4;
}

function feedbackFor(points: readonly GradedKeyPoint[], flags: readonly GradeFlag[]): string {
  if (flags.includes('empty')) return 'There is no answer to grade yet.';
  if (flags.includes('copied_reference'))
    return 'This answer repeats the reference answer almost word for word, so it earns no points.';
  if (flags.includes('copied_question'))
    return 'This answer repeats the question; explain the idea in your own words.';
  const covered = points.filter((p) => p.covered).length;
  if (covered === points.length) return `You covered all ${points.length} key points.`;
  const firstMissed = points.find((p) => !p.covered)?.text.replace(/\.$/, '');
  const add = firstMissed ? ` Start by adding: ${firstMissed}.` : '';
  if (covered === 0) return `None of the ${points.length} key points came through yet.${add}`;
  return `You covered ${covered} of ${points.length} key points.${add}`;
}

/**
 * The sentences of an answer that can earn credit. Sentences lifted from the key points themselves, and
 * sentences that talk to the grader, carry none wherever they sit: reciting the rubric or claiming a
 * grade is not answering.
 */
export function creditableSentences(
  answer: string,
  question: string,
  reference: string,
  keyPoints: readonly string[],
  weights: TermWeights = uniformWeights,
): string[] {
  return creditable(answer, rubricContext(question, reference, keyPoints, weights), weights);
}

function creditable(answer: string, context: RubricContext, weights: TermWeights): string[] {
  const { topic } = context;
  return unrecited(answer, context)
    .map((sentence) => withoutQuotedGraderTalk(sentence, topic))
    .filter(
      (sentence) =>
        words(sentence).length > 0 &&
        !isGraderTalk(sentence.replace(QUOTATION, '$1…'), topic) &&
        !isUnreadable(sentence, weights, context.vocabulary),
    );
}

/** The sentences of an answer less those lifted from the key points themselves. */
function unrecited(answer: string, context: RubricContext): string[] {
  return sentences(visibleText(answer)).filter((sentence) => {
    const tokens = words(sentence);
    return (
      tokens.length < SENTENCE_COPY_MIN_WORDS ||
      containment(shingles(tokens), context.keyPointShingles) < SENTENCE_COPY_THRESHOLD
    );
  });
}

// A quoted span opens after a space or bracket and closes before a space or punctuation, so the
// apostrophes of "don't" and "it's" never pair up.
const QUOTATION =
  /(^|[\s(:,;])(?:'[^'\n]{2,200}'|"[^"\n]{2,200}"|“[^”\n]{2,200}”|‘[^’\n]{2,200}’|`[^`\n]{2,200}`)(?=$|[\s).,;:!?])/g;

/**
 * A sentence with its quoted grader talk taken out. Quoted text is mentioned, not asserted ("an attacker
 * may write 'ignore previous instructions'"): a quoted attack earns nothing and does not sink the
 * sentence around it; a quoted example that states an idea still counts.
 */
export function withoutQuotedGraderTalk(sentence: string, topic: ReadonlySet<string>): string {
  return sentence
    .replace(QUOTATION, (match, lead: string) =>
      isGraderTalk(match.slice(lead.length), topic) ? `${lead}…` : match,
    )
    .trim();
}

const FRAGMENT_BREAK = /[,;:=]|\s[-–]\s/;
/** Verbs that say nothing alone: "Uses HNSW. Uses PQ." names terms as surely as "HNSW, PQ". */
const LIGHT_VERBS = new Set([
  'use',
  'uses',
  'used',
  'using',
  'has',
  'have',
  'had',
  'get',
  'gets',
  'make',
  'makes',
]);

/**
 * The share of an answer's words that sit in fragments with no function word ("val loss, gap"), and how
 * many such fragments there are: one or two terse clauses are a short answer, a run of them is a list.
 */
export function telegraphicShare(sentenceList: readonly string[]): number {
  return telegraphy(sentenceList).share;
}

function telegraphy(sentenceList: readonly string[]): { share: number; fragments: number } {
  const fragments = sentenceList
    .flatMap((sentence) =>
      isTermList(sentence) ? sentence.split(CHAIN_BREAK) : sentence.split(FRAGMENT_BREAK),
    )
    .map((fragment) => words(joinCompounds(fragment)))
    .filter((w) => w.length > 0);
  const total = fragments.reduce((n, f) => n + f.length, 0);
  const bareFragments = fragments.filter(
    (f) => !f.some((word) => isFunctionWord(word) && !LIGHT_VERBS.has(word)),
  );
  const bare = bareFragments.reduce((n, f) => n + f.length, 0);
  return { share: total === 0 ? 0 : bare / total, fragments: bareFragments.length };
}

/** Terms of a key point a short answer must state to state an idea. */
const SHORT_IDEA_TERMS = 2;

/** The largest share of an answer's weighted terms that belong to one key point (0–1), lists discounted. */
function focus(
  passages: readonly Passage[],
  points: readonly { terms: string[] }[],
  weights: TermWeights,
  tuning: RubricTuning,
): number {
  const whole = passages.reduce((a, b) => (b.terms.size > a.terms.size ? b : a));
  const total = [...whole.terms].reduce((sum, t) => sum + weights(t), 0);
  if (total === 0) return 0;
  const listed = whole.parts.some((part) => part.list) ? tuning.listPenalty : 1;
  let best = 0;
  for (const point of points) {
    const stated = point.terms.filter((t) => whole.terms.has(t));
    const mine = stated.reduce((sum, t) => sum + weights(t), 0);
    // A single word of a key point names a topic; it states no idea.
    best = Math.max(best, (mine / total) * Math.min(1, stated.length / SHORT_IDEA_TERMS));
  }
  return best * listed;
}

// Clauses: a sentence splits at commas, semicolons and colons and before a conjunction that joins two claims.
const CLAUSE_BREAK = /[,;:=()]|->|=>|→|\s(?:and|while|whereas|but)\s/;
/** A clause with fewer of the rubric's terms than this relates nothing. */
const CLAUSE_MIN_TERMS = 2;
/** Text without punctuation runs clauses together: a "clause" past this many words is run-on text... */
const RUN_ON_WORDS = 30;
/** ...read in pieces of about this many words. */
const RUN_ON_PIECE = 12;

/** The clauses of a sentence, run-on text cut into pieces of about `RUN_ON_PIECE` words. */
function clausesOf(sentence: string): string[] {
  return sentence.split(CLAUSE_BREAK).flatMap((clause) => {
    const tokens = clause.split(/\s+/).filter(Boolean);
    if (tokens.length <= RUN_ON_WORDS) return [clause];
    const pieces = Math.ceil(tokens.length / RUN_ON_PIECE);
    const size = Math.ceil(tokens.length / pieces);
    return Array.from({ length: pieces }, (_, i) => tokens.slice(i * size, (i + 1) * size).join(' '));
  });
}

/**
 * How well the answer's clauses are grounded in the rubric's own claims (0–1): for each clause, the
 * weighted share of its rubric terms that one sentence of the reference (or one key point) states
 * together, averaged over clauses by weight. A correct answer, however worded, relates terms the way
 * the reference does; a fluent wrong one relates the right terms to each other in claims the reference
 * never makes ("precision@k is the fraction of all relevant documents", "stage 1 shards the activations").
 */
export function grounding(
  sentenceList: readonly string[],
  claims: readonly ReadonlySet<string>[],
  claimed: ReadonlySet<string>,
  weights: TermWeights,
  /** Per-sentence results already computed for this answer: [grounded weight, total weight]. */
  memo: Map<string, readonly [number, number]> = new Map(),
): number {
  let grounded = 0;
  let total = 0;
  for (const sentence of sentenceList) {
    let result = memo.get(sentence);
    if (!result) {
      result = sentenceGrounding(sentence, claims, claimed, weights);
      memo.set(sentence, result);
    }
    grounded += result[0];
    total += result[1];
  }
  return total === 0 ? 1 : grounded / total;
}

function sentenceGrounding(
  sentence: string,
  claims: readonly ReadonlySet<string>[],
  claimed: ReadonlySet<string>,
  weights: TermWeights,
): readonly [number, number] {
  let grounded = 0;
  let total = 0;
  for (const clause of clausesOf(sentence)) {
    const terms = [...new Set(analyze(clause))].filter((t) => claimed.has(t));
    if (terms.length < CLAUSE_MIN_TERMS) continue;
    const termWeights = terms.map((t) => weights(t));
    let best = 0;
    for (const claim of claims) {
      let shared = 0;
      for (let i = 0; i < terms.length; i++) if (claim.has(terms[i] as string)) shared += termWeights[i] ?? 0;
      if (shared > best) best = shared;
    }
    grounded += best;
    total += termWeights.reduce((sum, w) => sum + w, 0);
  }
  return [grounded, total];
}

export interface RubricGraderOptions {
  /** Term weights (IDF over the bank); uniform when absent. */
  weights?: TermWeights;
  tuning?: Partial<RubricTuning>;
}

/**
 * How much of a key point a piece of text states: the weighted share of the key point's terms found in
 * it (0–1), halved when one of them is negated and the other is not.
 */
export function keyPointSupport(
  keyPoint: string,
  text: string,
  weights: TermWeights = uniformWeights,
): number {
  const terms = [...new Set(analyze(keyPoint))];
  const termWeights = terms.map((t) => weights(t));
  const point = {
    terms,
    termWeights,
    total: termWeights.reduce((sum, w) => sum + w, 0),
    negated: words(keyPoint).some((w) => NEGATIONS.has(w)),
  };
  return coverage(point, combine([sentenceInfo(text, weights, new Set(terms))]), DEFAULT_TUNING);
}

/** Coverage of a key point by a passage: the weighted share of its terms the passage states. */
function coverage(
  point: { terms: string[]; termWeights: number[]; total: number; negated: boolean },
  p: Passage,
  tuning: RubricTuning,
): number {
  let hit = 0;
  point.terms.forEach((term, i) => {
    if (p.terms.has(term)) hit += point.termWeights[i] ?? 0;
  });
  const share = point.total === 0 ? 0 : hit / point.total;
  // Negation is read only in short passages: in a long one the "not" is rarely about this key point.
  const scaled = share * p.scale;
  // Polarity is read only in the sentences that state this key point's terms, and only in short passages.
  const negated = p.parts.some((part) => part.negated && point.terms.some((t) => part.terms.has(t)));
  return negated === point.negated || p.words > NEGATION_WINDOW ? scaled : scaled * tuning.negationPenalty;
}

/**
 * Creates the offline grader. Each key point is matched to the passage of the answer that states most of
 * its (weighted, stemmed, synonym-folded) terms; a passage that "covers" several key points in a handful
 * of words is a list of terms, not an explanation, and earns in proportion to its words. Answers copied
 * from the reference, the rubric or the question earn nothing.
 *
 * @example
 * const grade = await createRubricGrader({ weights }).grade({ question, reference, answer, keyPoints });
 */
export function createRubricGrader(options: RubricGraderOptions = {}): Grader {
  const weights = options.weights ?? uniformWeights;
  const tuning = { ...DEFAULT_TUNING, ...options.tuning };
  return {
    name: 'rubric',
    async grade(input: GradeInput): Promise<Grade> {
      const context = rubricContext(
        input.question,
        input.reference,
        input.keyPoints,
        weights,
        tuning.questionTerms,
      );
      const { points, rubricTerms, vocabulary } = context;
      const answer = visibleText(input.answer);
      const answerWords = words(answer);
      const flags: GradeFlag[] = [];
      if (answerWords.length === 0) flags.push('empty');
      else if (answerWords.length >= COPY_MIN_WORDS) {
        const own = shingles(answerWords);
        if (containment(own, context.rubricShingles) >= COPY_THRESHOLD) flags.push('copied_reference');
        else if (containment(own, context.questionShingles) >= COPY_THRESHOLD) flags.push('copied_question');
      }

      const own = creditable(answer, context, weights);
      const analysed = own.map((text) => analyze(text));
      const alias = truncations(analysed, rubricTerms);
      // Sentences that use no term of the rubric can neither cover a key point nor pad a passage.
      // So do sentences that name terms without claiming anything about them ("X is important").
      const relevant = own
        .map((text, i) => sentenceInfo(text, weights, rubricTerms, (analysed[i] ?? []).map(alias)))
        .filter((info) => info.words > 0 && !isClaimless(info.text, rubricTerms));
      const passages = flags.length > 0 ? [] : passagesOf(relevant, tuning);

      const best = points.map((point) => {
        let top = {
          coverage: 0,
          passage: undefined as Passage | undefined,
          quote: undefined as Passage | undefined,
        };
        let quoteCoverage = 0;
        for (const p of passages) {
          const c = coverage(point, p, tuning);
          if (
            c > top.coverage ||
            (c === top.coverage && top.passage && p.text.length < top.passage.text.length)
          ) {
            top = { ...top, coverage: c, passage: p };
          }
          // The evidence shown is the best short passage, even when the whole answer scored higher.
          if (p.scale === 1 && c > quoteCoverage) {
            quoteCoverage = c;
            top.quote = p;
          }
        }
        return top;
      });
      // How many key points each passage is the evidence for: many points in few words is a list of terms.
      const load = new Map<Passage, number>();
      for (const b of best)
        if (b.passage && b.coverage >= tuning.floor) load.set(b.passage, (load.get(b.passage) ?? 0) + 1);

      const graded = points.map((point, i) => {
        const {
          coverage: c,
          passage: p,
          quote,
        } = best[i] ?? { coverage: 0, passage: undefined, quote: undefined };
        // One terse line may state one idea; a few words standing for several ideas are a list of terms.
        // The whole answer is judged by its share of term lists instead (see passagesOf).
        const shared = load.get(p as Passage) ?? 1;
        const wordy =
          !p || p.scale < 1 || shared <= 1 ? 1 : Math.min(1, p.words / (tuning.wordsPerPoint * shared));
        const density = p ? wordy * (p.list ? tuning.listPenalty : 1) : 0;
        const credit = density * Math.min(1, Math.max(0, (c - tuning.floor) / (tuning.full - tuning.floor)));
        const covered = credit >= tuning.coveredAt;
        const result: GradedKeyPoint = { text: point.text, covered };
        const evidence = quote ?? p;
        if (covered && evidence) result.evidence = evidence.text;
        return { point: result, credit };
      });
      const meanCredit =
        graded.length === 0 ? 0 : graded.reduce((sum, g) => sum + g.credit, 0) / graded.length;
      // A short answer that spends its words on one key point is worth more than its share of a long
      // rubric: human graders give a correct one-liner a low pass, not a zero. Its focus is the share of
      // its own (weighted) terms that belong to its best-matched key point; lists of terms earn little.
      const short = answerWords.length <= tuning.shortAnswerWords && passages.length > 0;
      const blended = short
        ? Math.max(meanCredit, tuning.shortAnswerDepth * focus(passages, points, weights, tuning))
        : meanCredit;
      // Fragments with no function word at all ("train loss, val loss, gap") name terms without saying
      // anything about them; an answer made mostly of them is keyword stuffing, however many terms match.
      // Measured over the sentences that use the rubric's terms, so that filler cannot dilute it.
      const { share: bare, fragments } = telegraphy(relevant.map((info) => info.text));
      const stuffing =
        bare <= tuning.telegraphicFrom || fragments < tuning.telegraphicItems
          ? 1
          : Math.max(tuning.listPenalty, 1 - (bare - tuning.telegraphicFrom) * tuning.telegraphicSlope);
      // Sentences that state a key point's terms among many the reference never uses ("PQ is PCA that
      // projects to principal components") are often confident and wrong; a rich reference speaks for the
      // topic, a one-line one does not, so the discount grows with the reference's vocabulary.
      const claims = new Set(
        best.flatMap((b) =>
          b.coverage >= tuning.floor && b.passage && b.passage.scale === 1 ? b.passage.parts : [],
        ),
      );
      const stated = new Set([...claims].flatMap((info) => [...info.terms]));
      let statedWeight = 0;
      let foreignWeight = 0;
      for (const t of stated) {
        statedWeight += weights(t);
        if (!vocabulary.has(t)) foreignWeight += weights(t);
      }
      const foreign = statedWeight === 0 ? 0 : foreignWeight / statedWeight;
      const beyond =
        1 -
        Math.max(0, foreign - tuning.foreignFrom) *
          tuning.foreignSlope *
          Math.min(1, vocabulary.size / tuning.foreignVocabulary);
      // Read both over the sentences that earn credit and over every sentence but those reciting the
      // rubric, and the worse taken: hiding a sentence (in grader talk, say) or adding one that earns
      // nothing never makes the answer look better related.
      const memo = new Map<string, readonly [number, number]>();
      const grounded = Math.min(
        grounding(own, context.claims, context.claimed, weights, memo),
        grounding(unrecited(answer, context), context.claims, context.claimed, weights, memo),
      );
      const related = 1 - Math.max(0, tuning.groundedFrom - grounded) * tuning.groundedSlope;
      const score = Math.round(100 * Math.max(0, blended * stuffing * beyond * related));
      const gradedPoints = graded.map((g) => g.point);
      return {
        score,
        verdict: verdictFor(score),
        keyPoints: gradedPoints,
        feedback: feedbackFor(gradedPoints, flags),
        grader: 'rubric',
        flags,
      };
    },
  };
}
