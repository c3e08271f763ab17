// Sentences that name the rubric's terms without claiming anything about them: "X is important",
// "Y plays a key role", "someone mentioned Z", "leverage W", and glossaries that define a term by itself.
import { analyze, isFunctionWord, words } from './analyzer.js';

// Words that fit inside a bare noun phrase or a list of them: determiners, pronouns, "of", "and".
const NOUN_PHRASE_WORDS = new Set(
  (
    'a an the this these that those its their our your my his her some any all both each every one another ' +
    'of and or also too as well else someone somebody everyone everybody it they we i you he she them us s d'
  ).split(' '),
);

const ADVERB =
  '(?:all|both|also|very|really|quite|extremely|super|so|truly|absolutely|definitely|always|still|just|certainly|clearly|obviously|particularly|especially|equally|highly|critically|hugely|incredibly|too|then|of course)';
const EVALUATION =
  '(?:important|essential|crucial|critical|key|vital|central|relevant|significant|fundamental|necessary|paramount|indispensable|valuable|useful|helpful|interesting|notable|worth \\w+ing)';
const EMPTY_NOUN =
  '(?:factor|role|part|consideration|aspect|component|piece|element|thing|concept|topic|point|idea|issue|concern|deal|player|ingredient|pillar|cornerstone|priority|practice|takeaway)s?';
const MODIFIER = `(?:${ADVERB}|${EVALUATION}|big|major|huge|main|core|real|top|good|best|great|most|comparison)`;
const COPULA = '(?:is|are|was|were|be|been|being|remains?|becomes?|seems?|stays?)';

/** Predicates that evaluate a term without saying anything about it: "is important", "plays a key role". */
const EVALUATIVE = new RegExp(
  [
    `\\b${COPULA}(?: ${ADVERB})*(?: (?:a|an|the|another|one of the|some|something))?(?: ${MODIFIER})* (?:${EVALUATION}|${EMPTY_NOUN})\\b`,
    `\\b${COPULA}(?: ${ADVERB})* (?:at|in) the (?:heart|core|center|centre) of\\b`,
    '\\b(?:plays?|played|playing) (?:a|an|the) (?:\\w+ ){0,2}(?:role|part)\\b',
    // "X matters (a lot)" ends its clause; "matters less than", "matters most for Y" compare or relate.
    `\\bmatter(?:s|ed)?(?: (?:a lot|a great deal|greatly|so much|quite a bit|a ton|here|too))?(?=\\s*(?:$|[,.;!?)]|(?:and|but|too|as well)\\b))`,
    '\\b(?:comes?|came) into (?:play|the picture)\\b',
    '\\b(?:deserves?|merits?|warrants?|is worth|are worth) (?:a )?(?:mention|mentioning|noting|considering|attention)\\b',
    '\\b(?:be )?(?:kept|borne|taken|keep|bear|take) in(?:to)? (?:mind|account|consideration)\\b',
  ].join('|'),
  'g',
);

/** Verbs that report a term as said, not used: "someone mentioned X", "Y came up". */
const MENTION =
  /\b(?:mentioned|mentions?|mentioning|brought up|brings? up|bringing up|came up|comes? up|asked about|asks? about|talked about|talks? about|spoke about|discussed|discuss(?:es)?|heard about|read about)\b(?! (?:that|how|why|whether|what|when)\b)/g;

/**
 * Verbs that promise to act on a term without saying how: "leverage X", "handle Y", "optimise Z". Only in
 * the place of a verb: at the start of a clause, after "to", a modal or a list separator ("your address").
 */
const VAGUE =
  /(?<=(?:^|[,(]|\b(?:to|and|or|then|also|please|want|need|should|must|will|would|can|could|'d|'ll))\s*)(?:handl(?:e|es|ing)|manag(?:e|es|ing)|address(?:es|ing)?|leverag(?:e|es|ing)|utili[sz](?:e|es|ing)|optimi[sz](?:e|es|ing)|streamlin(?:e|es|ing)|driv(?:e|es|ing)|enhanc(?:e|es|ing)|tackl(?:e|es|ing)|mitigat(?:e|es|ing)|enforc(?:e|es|ing)|improv(?:e|es|ing)|boost(?:s|ing)?|deal(?:s|ing)? with|tak(?:e|es|ing|en) care of|synergi[sz](?:e|es|ing)|prioriti[sz](?:e|es|ing)|ensur(?:e|es|ing))\b/g;

/** "You want to", "we need to", "I'd": the lead of an instruction, before its verb. */
const MODAL_LEAD =
  /\b(?:you|we|i|one|they)(?: (?:really|also|just|always))? (?:want|wants|need|needs|have|has|ought|should|must|will|would|can|could|'d|'ll)(?: (?:want|need|have|like))?(?: to)?\b/g;

/** Stands in for an empty predicate while a clause is cut into items. */
const MARK = '\u0000';

// Clauses: each makes its own claim or none.
const CLAUSE = /[.;:!?]|\b(?:because|since|which|whereas|so that|as it|as they|if|unless|when)\b/;
// Items: the noun phrases a clause lists, and what sits between its empty predicates.
const ITEM = /[,()"“”]|\s[-–]\s|\b(?:and|or|but|while|so|then|too|nor)\b/;

/** An item names terms and says nothing: a bare noun phrase, then (optionally) words with no rubric term. */
function bareItem(item: string, rubricTerms: ReadonlySet<string>): boolean {
  const tokens = words(joinCompounds(item));
  const cut = tokens.findIndex((w) => isFunctionWord(w) && !NOUN_PHRASE_WORDS.has(w));
  if (cut < 0) return tokens.filter((w) => !NOUN_PHRASE_WORDS.has(w)).length <= 4;
  const head = tokens.slice(0, cut).filter((w) => !NOUN_PHRASE_WORDS.has(w));
  return head.length <= 4 && !analyze(tokens.slice(cut).join(' ')).some((t) => rubricTerms.has(t));
}

/** "held-out", "built-in", "follow-up" are one word, not a preposition. */
export const joinCompounds = (text: string) => text.replace(/([a-z0-9])-(?=[a-z0-9])/gi, '$1');

const mentionsRubric = (text: string, rubricTerms: ReadonlySet<string>) =>
  analyze(text).some((t) => rubricTerms.has(t));

/**
 * A sentence that names the rubric's terms only as subjects or objects of empty predicates ("Held-out
 * text is essential", "Someone mentioned overfitting, and the PM asked about labels", "Leverage safety
 * training and optimise refusals"): every clause that uses a rubric term has such a predicate, and the
 * terms around it are bare noun phrases. A clause with a real predicate ("...because small chunks lose
 * context", "...is essential for measuring recall") makes a claim, and the sentence counts.
 */
export function isEmptyTalk(sentence: string, rubricTerms: ReadonlySet<string>): boolean {
  const text = sentence.toLowerCase().replace(/[’']/g, "'");
  let spoke = false;
  for (const clause of text.split(CLAUSE)) {
    if (!mentionsRubric(clause, rubricTerms)) continue;
    // A vague verb is empty only when it leads its clause ("leverage X", "you want to handle Y"): after a
    // subject that is a rubric term ("the router handles easy queries") it states what that term does.
    const vague = [...clause.matchAll(VAGUE)];
    const lead = vague[0];
    const vagueLeads = lead !== undefined && !mentionsRubric(clause.slice(0, lead.index), rubricTerms);
    let marked = clause.replace(EVALUATIVE, MARK).replace(MENTION, MARK);
    if (vagueLeads) marked = marked.replace(MODAL_LEAD, ' ');
    if (vagueLeads) marked = marked.replace(VAGUE, MARK);
    if (!marked.includes(MARK)) return false;
    const items = marked.split(MARK).flatMap((part) => part.split(ITEM));
    if (!items.every((item) => !mentionsRubric(item, rubricTerms) || bareItem(item, rubricTerms)))
      return false;
    spoke = true;
  }
  return spoke;
}

// "Term: definition", "Term - definition", "Term = definition", "Term means definition".
const DEFINITION = /^\s*([^:=–]{1,60}?)\s*(?::|=|\s[-–]\s|\s(?:is|are|means|refers to)\s)\s*(.+)$/i;
/** Words a definition may use without adding anything: "the process of", "the step where". */
const GENERIC = new Set(
  analyze(
    'process step thing stuff method technique approach concept type kind part something done happens ' +
      'term name form version result way',
  ),
);

/** Two terms are one when either contains the other ("word" in "subword", "lemma" in "lemmatis"). */
const related = (a: string, b: string) =>
  a === b || (Math.min(a.length, b.length) >= 3 && (a.includes(b) || b.includes(a)));

/**
 * A definition that defines a term by itself: "Chunking: the chunking step", "Canary: a canary
 * release", "Self-attention: attention to itself". The definition adds nothing to the term's own words,
 * or repeats all of them with at most one other word.
 */
export function isCircularDefinition(sentence: string): boolean {
  const match = DEFINITION.exec(sentence);
  if (!match) return false;
  const head = analyze(match[1] ?? '');
  if (head.length === 0 || words(match[1] ?? '').length > 5) return false;
  const body = [...new Set(analyze(match[2] ?? ''))];
  if (body.length === 0 || words(match[2] ?? '').length > 10) return false;
  const extra = body.filter((t) => !GENERIC.has(t) && !head.some((h) => related(h, t)));
  // "Schema order = generation order" relates two things; "Canary: a canary release" repeats the term.
  const repeated = head.every((h) => body.some((t) => related(h, t)));
  return extra.length === 0 || (extra.length === 1 && repeated);
}

/** A sentence that makes no claim about the rubric's terms: it earns no credit and pads nothing. */
export function isClaimless(sentence: string, rubricTerms: ReadonlySet<string>): boolean {
  return isCircularDefinition(sentence) || isEmptyTalk(sentence, rubricTerms);
}
