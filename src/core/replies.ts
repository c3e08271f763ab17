// Replies more than one command builds: a question, a grade.
import { AREAS, DIFFICULTY_LABELS, type Question } from '../bank/types.js';
import type { GradedAnswer, Progress } from './coach.js';
import type { Reply, Section } from './reply.js';

const areaTitle = (slug: string) => AREAS.find((area) => area.slug === slug)?.title ?? slug;

const clip = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;

/** A one-line description of a question: area, difficulty and kind. */
export function describeQuestion(question: Question): string {
  return `${areaTitle(question.area)} · difficulty ${question.difficulty} (${DIFFICULTY_LABELS[question.difficulty]}) · ${question.kind}`;
}

/** A question with its Answer and Next buttons. */
export function questionReply(question: Question): Reply {
  return {
    title: question.title,
    sections: [
      { type: 'text', text: question.question },
      { type: 'context', text: `${describeQuestion(question)} · \`${question.id}\`` },
    ],
    buttons: [
      { action: `answer:${question.id}`, label: 'Answer', style: 'primary' },
      { action: 'next', label: 'Next question' },
      { action: `report:${question.id}`, label: 'Report a problem' },
    ],
    visibility: 'ephemeral',
  };
}

/** Feedback on a graded answer: score, covered and missed key points, streak, where to read more. */
export function gradeReply({ answer, question, grade, streak, seeAlso }: GradedAnswer): Reply {
  const covered = grade.keyPoints.filter((point) => point.covered);
  const missed = grade.keyPoints.filter((point) => !point.covered);
  const sections: Section[] = [
    {
      type: 'fields',
      fields: [
        { label: 'Score', value: `${grade.score}/100 (${grade.verdict})` },
        {
          label: 'Points',
          value: answer.counted
            ? `+${answer.points}`
            : 'none: practice attempt (your first answer to this question counted)',
        },
        {
          label: 'Streak',
          value: `${streak.current} day${streak.current === 1 ? '' : 's'} (longest ${streak.longest})`,
        },
      ],
    },
    { type: 'text', text: grade.feedback },
  ];
  if (covered.length > 0) {
    sections.push({ type: 'text', text: `**Covered (${covered.length}/${grade.keyPoints.length})**` });
    // Each covered point with the member's own words that earned it.
    sections.push({
      type: 'list',
      items: covered.map((point) =>
        point.evidence ? `${point.text}\n  you wrote: “${clip(point.evidence, 160)}”` : point.text,
      ),
    });
  }
  if (missed.length > 0) {
    sections.push({ type: 'text', text: `**Missed (${missed.length}/${grade.keyPoints.length})**` });
    sections.push({ type: 'list', items: missed.map((point) => point.text) });
  }
  if (question && question.readMore.length > 0) {
    sections.push({ type: 'text', text: '**Read more**' });
    sections.push({ type: 'list', items: question.readMore });
  }
  if (seeAlso.length > 0) {
    sections.push({ type: 'text', text: '**See also**' });
    sections.push({ type: 'list', items: seeAlso.map((q) => `${q.title}: \`question ${q.id}\``) });
  }
  if (grade.fallbackReason) {
    sections.push({ type: 'context', text: `Graded offline (${grade.fallbackReason}).` });
  }
  return {
    title: `${question?.title ?? answer.questionId}: ${grade.score}/100`,
    sections,
    buttons: [
      { action: 'next', label: 'Next question' },
      { action: `report:${answer.questionId}`, label: 'Report a problem' },
    ],
    visibility: 'ephemeral',
  };
}

/** A member's progress at a glance (the Slack Home tab): streak, points, rank, questions per area. */
export function progressReply(progress: Progress): Reply {
  const { streak, points, rank, ranked } = progress;
  const bar = (answered: number, total: number) => {
    const filled = total === 0 ? 0 : Math.round((answered / total) * 10);
    return `${'▰'.repeat(filled)}${'▱'.repeat(10 - filled)}`;
  };
  return {
    title: 'Your interview practice',
    sections: [
      {
        type: 'fields',
        fields: [
          {
            label: 'Streak',
            value: `${streak.current} day${streak.current === 1 ? '' : 's'} (longest ${streak.longest})`,
          },
          { label: 'Points', value: `${points}` },
          { label: 'Rank', value: rank === null ? 'not ranked yet' : `${rank} of ${ranked}` },
        ],
      },
      { type: 'text', text: '**Questions answered by area**' },
      {
        type: 'list',
        items: progress.byArea.map(
          (row) => `${bar(row.answered, row.total)} ${row.title}: ${row.answered}/${row.total}`,
        ),
      },
      {
        type: 'context',
        text: 'Type `/coach question` for a new question, or `/coach help` for everything.',
      },
    ],
    visibility: 'ephemeral',
  };
}

/** What a daily post's question earned: how many answered, the average, the best three (opted-out unnamed). */
export interface PostResultsView {
  answered: number;
  averageScore: number | null;
  top: { name: string; score: number }[];
}

/** The reveal of a past daily question: its reference answer, key points, reading, and the channel's results. */
export function revealReply(question: Question, results: PostResultsView): Reply {
  const summary =
    results.answered === 0
      ? 'Nobody answered this one.'
      : `${results.answered} answered, average score ${results.averageScore}/100.`;
  const sections: Section[] = [
    { type: 'text', text: `**Answer to yesterday's question: ${question.title}**` },
    { type: 'text', text: summary },
  ];
  if (results.top.length > 0) {
    sections.push({
      type: 'list',
      items: results.top.map(
        (row, i) => `${['🥇', '🥈', '🥉'][i] ?? `${i + 1}.`} ${row.name}: ${row.score}/100`,
      ),
    });
  }
  sections.push({ type: 'text', text: question.answer });
  sections.push({ type: 'text', text: '**Key points**' });
  sections.push({ type: 'list', items: question.keyPoints });
  if (question.readMore.length > 0) {
    sections.push({ type: 'text', text: '**Read more**' });
    sections.push({ type: 'list', items: question.readMore });
  }
  return { sections, visibility: 'channel' };
}

/** Today's daily question for a channel, after the reveal of the previous one when there is one. */
export function dailyPostReply(question: Question, reveal?: Reply): Reply {
  const today = questionReply(question);
  return {
    title: `Question of the day: ${question.title}`,
    sections: [
      ...(reveal ? [...reveal.sections, { type: 'context' as const, text: '—' }] : []),
      ...today.sections,
      {
        type: 'context',
        text: 'Answer with the button; the answer and results come with the next question.',
      },
    ],
    buttons: (today.buttons ?? []).filter((button) => button.action !== 'next'),
    visibility: 'channel',
  };
}

/** Tells the admin who set a schedule that it is paused, why, and how to start it again. */
export function schedulePausedReply(paused: { channelId: string; pausedReason: string | null }): Reply {
  return {
    sections: [
      {
        type: 'text',
        text: `⚠️ **The daily question in channel \`${paused.channelId}\` is paused**: I could not post there (${paused.pausedReason ?? 'the platform refused the post'}).`,
      },
      {
        type: 'text',
        text: 'Add me back to that channel or let me post there, then run `schedule set` in it again to resume. `schedule show` there shows the schedule.',
      },
    ],
    visibility: 'ephemeral',
  };
}

/** Reminds a member with a live streak that today's question in a channel is still open. */
export function nudgeReply(streakDays: number, question: Question): Reply {
  const days = streakDays === 1 ? '1-day streak' : `${streakDays}-day streak`;
  return {
    sections: [
      {
        type: 'text',
        text: `🔥 Your ${days} is alive, and today's question is still open: **${question.title}**.`,
      },
      {
        type: 'context',
        text: 'Answer it in the channel before your day ends to keep the streak going. (A reminder a day at most, only while you have a streak.)',
      },
    ],
    visibility: 'ephemeral',
  };
}
