// Parses one content/*.md file into questions, collecting every format problem with its line number.
import type { Difficulty } from '../core/points.js';
import { type AreaSlug, KINDS, type Question, type QuestionKind } from './types.js';

export interface BankProblem {
  file: string;
  line: number;
  message: string;
  severity: 'error' | 'warning';
}

const SECTIONS = {
  question: 'question',
  answer: 'answer',
  'key points': 'keyPoints',
  'follow-ups': 'followUps',
  'common mistakes': 'commonMistakes',
  'read more': 'readMore',
} as const;
type SectionKey = (typeof SECTIONS)[keyof typeof SECTIONS];

const META_KEYS = ['id', 'difficulty', 'kind', 'tags', 'origin', 'related'] as const;
const PLACEHOLDER = /\[Previous .* remain|\bTODO\b|\bTBD\b|lorem ipsum|\bFIXME\b/i;
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

interface Draft {
  title: string;
  line: number;
  meta: Map<string, { value: string; line: number }>;
  sections: Map<SectionKey, { lines: string[]; line: number }>;
  /** Errors found while reading the question's lines. */
  errors: number;
}

/** A bulleted list's items; a bullet's continuation lines are joined to it. */
function listItems(lines: string[]): string[] {
  const items: string[] = [];
  for (const line of lines) {
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
    if (bullet) items.push((bullet[1] ?? '').trim());
    else if (line.trim() && items.length > 0) items[items.length - 1] += ` ${line.trim()}`;
  }
  return items.filter(Boolean);
}

function trimBlock(lines: string[]): string {
  return lines.join('\n').trim();
}

/** Parses `text` (the content of `file`, whose name gives the area) into questions and problems. */
export function parseBankFile(
  file: string,
  area: AreaSlug,
  text: string,
): { questions: Question[]; problems: BankProblem[] } {
  const problems: BankProblem[] = [];
  const lines = text.split(/\r?\n/);
  const drafts: Draft[] = [];
  let draft: Draft | undefined;
  const problem = (line: number, message: string, severity: BankProblem['severity'] = 'error') => {
    problems.push({ file, line, message, severity });
    if (draft && severity === 'error') draft.errors++;
  };
  let section: SectionKey | undefined;
  /** Inside a section with an unknown heading: its lines were reported once, with the heading. */
  let skipping = false;
  let fenceOpenedAt: number | undefined;
  let fenceDraft: Draft | undefined;
  let sawTitle = false;

  lines.forEach((line, index) => {
    const lineNo = index + 1;
    if (/^\s*(```|~~~)/.test(line)) {
      fenceOpenedAt = fenceOpenedAt === undefined ? lineNo : undefined;
      fenceDraft = draft;
      if (section && draft) draft.sections.get(section)?.lines.push(line);
      return;
    }
    if (fenceOpenedAt === undefined) {
      if (PLACEHOLDER.test(line)) problem(lineNo, `placeholder text: "${line.trim().slice(0, 60)}"`);
      const h1 = /^#\s+(.+)$/.exec(line);
      if (h1) {
        if (sawTitle || draft) problem(lineNo, 'only one `# Title` line, at the top of the file');
        sawTitle = true;
        return;
      }
      const h2 = /^##\s+(.+)$/.exec(line);
      if (h2) {
        draft = {
          title: (h2[1] ?? '').trim(),
          line: lineNo,
          meta: new Map(),
          sections: new Map(),
          errors: 0,
        };
        drafts.push(draft);
        section = undefined;
        skipping = false;
        return;
      }
      const h3 = /^###\s+(.+)$/.exec(line);
      if (h3) {
        const name = (h3[1] ?? '').trim().toLowerCase();
        if (!draft) {
          problem(lineNo, 'a `###` section outside any `##` question');
          return;
        }
        if (!(name in SECTIONS)) {
          problem(
            lineNo,
            `unknown section "${h3[1]}" (expected one of: ${Object.keys(SECTIONS).join(', ')})`,
          );
          section = undefined;
          skipping = true;
          return;
        }
        skipping = false;
        section = SECTIONS[name as keyof typeof SECTIONS];
        if (draft.sections.has(section)) problem(lineNo, `section "${h3[1]}" appears twice`);
        draft.sections.set(section, { lines: [], line: lineNo });
        return;
      }
      if (draft && !section && !skipping && line.trim()) {
        const meta = /^([a-z-]+):\s*(.*)$/.exec(line.trim());
        if (!meta || !(META_KEYS as readonly string[]).includes(meta[1] ?? '')) {
          problem(lineNo, `expected a metadata line (${META_KEYS.join(', ')}: value) or a ### section`);
        } else {
          if (draft.meta.has(meta[1] ?? '')) problem(lineNo, `"${meta[1]}" is set twice`);
          draft.meta.set(meta[1] ?? '', { value: (meta[2] ?? '').trim(), line: lineNo });
        }
        return;
      }
      if (!draft && line.trim() && !sawTitle) {
        problem(lineNo, 'the file must start with a `# Title` line');
        sawTitle = true;
        return;
      }
    }
    if (draft && section) draft.sections.get(section)?.lines.push(line);
  });
  if (fenceOpenedAt !== undefined) {
    draft = fenceDraft;
    problem(fenceOpenedAt, 'code fence opened here is never closed');
  }

  const questions: Question[] = [];
  for (const d of drafts) {
    draft = d;
    const meta = (key: string) => d.meta.get(key)?.value;
    const metaLine = (key: string) => d.meta.get(key)?.line ?? d.line;
    const block = (key: SectionKey) => trimBlock(d.sections.get(key)?.lines ?? []);
    const items = (key: SectionKey) => listItems(d.sections.get(key)?.lines ?? []);

    const id = meta('id');
    if (!id) problem(d.line, `question "${d.title}" has no id`);
    else if (!ID_PATTERN.test(id)) problem(metaLine('id'), `id "${id}" must be kebab-case (a-z, 0-9, -)`);

    const difficulty = Number(meta('difficulty'));
    if (![1, 2, 3].includes(difficulty)) {
      problem(metaLine('difficulty'), `difficulty must be 1, 2 or 3 (got "${meta('difficulty') ?? ''}")`);
    }
    const kind = meta('kind');
    if (!kind || !(KINDS as readonly string[]).includes(kind)) {
      problem(metaLine('kind'), `kind must be one of ${KINDS.join(', ')} (got "${kind ?? ''}")`);
    }
    const tags = (meta('tags') ?? '')
      .split(',')
      .map((tag) => tag.trim().toLowerCase())
      .filter(Boolean);
    if (tags.length === 0) problem(metaLine('tags'), 'at least one tag is needed');
    const related = (meta('related') ?? '')
      .split(',')
      .map((ref) => ref.trim())
      .filter(Boolean);
    const origin = meta('origin');
    if (origin !== undefined && !/^(seed-\d+|imported)$/.test(origin)) {
      problem(metaLine('origin'), `origin must be seed-N or imported (got "${origin}")`);
    }

    const sectionLine = (key: SectionKey) => d.sections.get(key)?.line ?? d.line;
    for (const [heading, key] of [
      ['Question', 'question'],
      ['Answer', 'answer'],
    ] as const) {
      if (!block(key))
        problem(sectionLine(key), `question ${id ?? d.title} has no ${heading} section (or it is empty)`);
    }
    const keyPoints = items('keyPoints');
    if (keyPoints.length < 3 || keyPoints.length > 7) {
      const imported = origin === 'imported';
      problem(
        sectionLine('keyPoints'),
        `question ${id ?? d.title} has ${keyPoints.length} key points; 3 to 7 are needed`,
        imported ? 'warning' : 'error',
      );
    }
    const followUps = items('followUps');
    if (followUps.length === 0)
      problem(sectionLine('followUps'), `question ${id ?? d.title} needs at least one follow-up`);
    const readMore = items('readMore');
    if (readMore.length < 1 || readMore.length > 3) {
      problem(
        sectionLine('readMore'),
        `question ${id ?? d.title} needs 1 to 3 read-more pointers (has ${readMore.length})`,
      );
    }

    if (d.errors > 0 || !id) continue;
    const commonMistakes = block('commonMistakes');
    questions.push({
      id,
      area,
      title: d.title,
      difficulty: difficulty as Difficulty,
      kind: kind as QuestionKind,
      tags,
      related,
      ...(origin ? { origin } : {}),
      question: block('question'),
      answer: block('answer'),
      keyPoints,
      followUps,
      ...(commonMistakes ? { commonMistakes } : {}),
      readMore,
      source: { file, line: d.line, relatedLine: metaLine('related') },
    });
  }
  return { questions, problems };
}
