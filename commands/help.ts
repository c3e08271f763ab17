// /coach help: what the bot does, every command with its usage, and where answers go.
import { usageLine } from '../src/core/command.js';
import { defineCoachCommand } from '../src/core/services.js';

export default defineCoachCommand({
  name: 'help',
  description: 'Show what I can do',
  run: ({ services }) => ({
    title: 'interview-coach',
    sections: [
      {
        type: 'text',
        text: 'I ask AI/ML interview questions, grade your free-text answers against a reference and its key points, and keep your streak and the leaderboard.',
      },
      {
        type: 'list',
        items: services.commands.map(
          (command) => `\`${usageLine([command.name], command)}\`: ${command.description}`,
        ),
      },
      {
        type: 'context',
        text: services.llmEndpoint
          ? `Privacy: your answers are sent to the configured LLM endpoint (${services.llmEndpoint}) for grading. \`forget-me\` deletes your answers and stats.`
          : 'Privacy: answers are graded on this server; nothing is sent to an LLM. `forget-me` deletes your answers and stats.',
      },
    ],
    visibility: 'ephemeral',
  }),
});
