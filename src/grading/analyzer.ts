// Turns text into comparable terms: acronyms and phrases folded, stop words dropped, words stemmed and synonyms merged.
import { stemmer } from 'stemmer';
import { PHRASES, SYNONYM_GROUPS } from './vocabulary.js';

/** "doesn't" splits into "doesn" + "t"; chat drops the apostrophe ("doesnt"). Both are negations. */
export const NEGATED_CONTRACTIONS = [
  'aren',
  'can',
  'couldn',
  'didn',
  'doesn',
  'don',
  'hasn',
  'haven',
  'isn',
  'shouldn',
  'wasn',
  'weren',
  'won',
  'wouldn',
].flatMap((stem) => (stem === 'can' ? ['cant'] : [stem, `${stem}t`]));

// Function words that carry no idea of their own. Negations are dropped here too: graders read polarity
// from the raw words, so that "no" never counts as a matching term.
const STOP_WORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each few for from further had has have having ' +
    'he her here hers herself him himself his how i if in into is it its itself just me more most my myself ' +
    'nor of off on once only or other our ours ourselves out over own same she should so some such than that ' +
    'the their theirs them themselves then there these they this those through to too under until up very was ' +
    'we were what when where which while who whom why will with would you your yours yourself yourselves ' +
    'one ones may might must shall use used using uses via e g eg ie etc let lets get gets got make makes made ' +
    'thing things way ways really basically actually simply just kind sort lot lots much many well ' +
    'no not never without cannot every each whole entire getting gotten making s t ll re ve ' +
    NEGATED_CONTRACTIONS.join(' ')
  ).split(' '),
);

/** True for words that carry no idea of their own (articles, prepositions, auxiliaries...). */
export const isFunctionWord = (word: string): boolean => STOP_WORDS.has(word);

/** Shorthand written in chat, spelled out before tokenising. */
const SHORTHAND: [RegExp, string][] = [
  [/\bw\/o\b/gi, ' without '],
  [/\bw\/(?=\s|[a-z])/gi, ' with '],
  [/\bb\/c\b/gi, ' because '],
  [/\bbc\b/gi, ' because '],
  [/\bi\.e\./gi, ' '],
  [/\be\.g\./gi, ' '],
  [/\bvs\.?\b/gi, ' versus '],
  [/&/g, ' and '],
  [/(?:->|=>|→)/g, ' leads to '],
];

/** Chat shorthand spelled out ("w/o" -> "without", "->" -> "leads to"). */
function spellOut(text: string): string {
  let spelled = text;
  for (const [pattern, replacement] of SHORTHAND) spelled = spelled.replace(pattern, replacement);
  return spelled;
}

/** Lower-case word tokens (letters and digits), accents folded, zero-width characters removed. */
export function words(text: string): string[] {
  return (
    spellOut(text)
      .normalize('NFKD')
      .replace(/[\u0300-\u036f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
      .toLowerCase()
      .match(/[a-z0-9]+/g) ?? []
  );
}

interface PhraseRule {
  words: string[];
  term: string;
}

// Longest phrases first, so "k nearest neighbors" wins over "nearest neighbors".
const PHRASE_RULES: PhraseRule[] = PHRASES.map(([phrase, term]) => ({ words: phrase.split(' '), term })).sort(
  (a, b) => b.words.length - a.words.length,
);
const PHRASE_FIRST_WORDS = new Set(PHRASE_RULES.map((rule) => rule.words[0]));

const SYNONYM_OF = new Map<string, string>();
for (const group of SYNONYM_GROUPS) {
  const canonical = stemmer(group[0] ?? '');
  for (const word of group) SYNONYM_OF.set(stemmer(word), canonical);
}

/** Folds known phrases into single terms (`retrieval augmented generation` -> `rag`). */
function foldPhrases(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    let matched: PhraseRule | undefined;
    if (PHRASE_FIRST_WORDS.has(token)) {
      matched = PHRASE_RULES.find((rule) =>
        rule.words.every((word, j) => {
          const token = tokens[i + j];
          // The last word may be plural: "dot products" is the phrase "dot product".
          return (
            token === word || (j === rule.words.length - 1 && (token === `${word}s` || token === `${word}es`))
          );
        }),
      );
    }
    if (matched) {
      out.push(matched.term);
      i += matched.words.length - 1;
    } else {
      out.push(token);
    }
  }
  return out;
}

// "ANN" alone means a neural network or a nearest-neighbour search; the words around it decide.
const SEARCH_CONTEXT = /\b(?:vector|index|neighbou?rs?|search|hnsw|ivf|recall|knn|faiss|embedding)/;

// Words that begin with "un" without negating anything ("undersampling", "unless", "uniform").
const NOT_UN_PREFIXED = /^un(?:der|it|ion|iq|iv|less|icod|if|ix|igram|imodal|til)/;

// Stemming is the costliest step of grading and answers reuse few words: each word's term is kept.
const TERM_CACHE_SIZE = 50_000;
const termCache = new Map<string, string>();

/** A single stemmed, synonym-merged term for one word ("unprobed" counts as "probed"). */
export function term(word: string): string {
  const cached = termCache.get(word);
  if (cached !== undefined) return cached;
  const result = termOf(word);
  if (termCache.size >= TERM_CACHE_SIZE) termCache.clear();
  termCache.set(word, result);
  return result;
}

function termOf(word: string): string {
  const positive =
    word.length >= 6 && word.startsWith('un') && !NOT_UN_PREFIXED.test(word) ? word.slice(2) : word;
  // "trainable" is about training, "interpretable" about interpreting: the stemmer keeps "-abl".
  const stem = stemmer(positive.length >= 8 && positive.endsWith('able') ? positive.slice(0, -4) : positive);
  return SYNONYM_OF.get(stem) ?? stem;
}

/**
 * The terms of a text, in order: phrases folded, stop words dropped, stems merged with their synonyms.
 *
 * @example analyze('Retrieval-augmented generation fetches documents') // ['rag', 'retriev', 'document']
 */
export function analyze(text: string): string[] {
  const tokens = foldPhrases(words(text));
  const annMeaning = SEARCH_CONTEXT.test(text.toLowerCase()) ? 'annsearch' : 'annnet';
  const terms: string[] = [];
  for (const token of tokens) {
    if (STOP_WORDS.has(token)) continue;
    terms.push(token === 'ann' ? annMeaning : term(token));
  }
  return terms;
}
