// Sentences that talk to the grader instead of answering: "ignore the rubric", "SYSTEM: full marks", fake verdicts.

/**
 * Each pattern names the words that make it fire. A sentence is grader talk when a pattern matches and
 * none of its trigger words belong to the question's own topic: an answer about LLM-as-a-judge may say
 * "rubric" and "score"; an answer about prompt injection may quote "ignore previous instructions".
 */
const PATTERNS: { pattern: RegExp; triggers: string[] }[] = [
  {
    pattern:
      /\b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{0,60}\b(?:instructions?|rules?|rubric|prompt|guidelines|above|previous)\b/i,
    triggers: ['ignore', 'instruction', 'instructions'],
  },
  {
    pattern: /\b(?:grader|grading|evaluator|assessor|examiner|marker|judge)\b/i,
    triggers: ['grader', 'grading', 'evaluator', 'judge', 'grade'],
  },
  {
    pattern: /\b(?:full|maximum|max|perfect|top)\s+(?:marks?|score|points|credit|grade)\b/i,
    triggers: ['marks', 'score', 'grade'],
  },
  {
    pattern: /\b(?:score|grade|rating)\s*(?:of|=|:|is|should be)?\s*(?:100|10\/10|5\/5|a\+)/i,
    triggers: ['score', 'grade', 'rating'],
  },
  { pattern: /\b(?:rubric|key\s*points?)\b/i, triggers: ['rubric'] },
  // A line that is nothing but a short quoted fragment: an "evidence" list, not an explanation.
  { pattern: /^\s*(?:\d+[.)]\s*)?["“'][^"”']{1,80}["”']\s*[.,;]?\s*$/, triggers: [] },
  {
    pattern:
      /\b(?:the|this)\s+(?:candidate|answer|response|submission)\s+(?:covers|covered|explains|explained|addresses|addressed|deserves|meets|satisfies|should)\b/i,
    triggers: ['candidate', 'submission'],
  },
  {
    pattern: /^\s*(?:system|assistant|developer|admin|grader)\s*(?:message|note|prompt)?\s*:/i,
    triggers: ['system', 'assistant'],
  },
  {
    pattern: /"(?:covered|score|verdict|evidence|keyPoints)"\s*:/i,
    triggers: ['json', 'covered', 'verdict'],
  },
  {
    pattern:
      /[-=*#_~]{3,}\s*(?:end|begin|start|resume|stop)\b|\b(?:end|start) of (?:the )?(?:candidate(?:'s)? )?(?:answer|response|input)\b|<\/?(?:answer|system|instructions?)>|\[\/?(?:inst|system)\]/i,
    triggers: ['delimiter', 'delimiters'],
  },
  {
    pattern: /\btreat\b[^.\n]{0,50}\bas\s+(?:a\s+)?(?:quotation|quote|data|the answer|instructions?)\b/i,
    triggers: ['treat'],
  },
  {
    pattern:
      /\byou\s+are\s+(?:now\s+)?(?:a|an|the)\s+\w*\s*(?:grader|assistant|teacher|examiner|evaluator|model|ai)\b/i,
    triggers: ['role', 'persona', 'roleplay'],
  },
  { pattern: /<!--|-->/, triggers: ['html', 'comment'] },
  {
    pattern:
      /\b(?:decode|decrypt|base64|rot13|hex)\b[^.\n]{0,40}\b(?:follow|execute|obey|instructions?|following)\b/i,
    triggers: ['base64', 'rot13'],
  },
  // A long unbroken run of letters and digits is an encoded payload, not prose.
  { pattern: /[A-Za-z0-9+/]{40,}={0,2}/, triggers: [] },
  { pattern: /\b(?:mark|grade|score|rate)\s+(?:me|this|it|everything|all|each)\b/i, triggers: ['mark'] },
  { pattern: /\b(?:re-?evaluate|re-?grade|re-?score|re-?mark)\b/i, triggers: ['evaluate', 'regrade'] },
  { pattern: /\bscores?\s+(?:below|above|under|over|less than|at least)\s+\d+/i, triggers: ['score'] },
  {
    pattern:
      /\b(?:i(?:'m| am) begging|begging you|my (?:visa|job|career|offer|promotion)\b|please,?\s+(?:give|mark|grade|pass))/i,
    triggers: [],
  },
];

/** The lower-case words of a text, for deciding what is on topic. */
export function topicWords(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-z]+/g) ?? []);
}

/** True when a sentence addresses the grader rather than the question (unless the question is about that). */
export function isGraderTalk(sentence: string, topic: ReadonlySet<string>): boolean {
  return PATTERNS.some(
    ({ pattern, triggers }) => pattern.test(sentence) && !triggers.some((word) => topic.has(word)),
  );
}
