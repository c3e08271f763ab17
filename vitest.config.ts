import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Tests never read .env: config is always passed explicitly.
    env: { COACH_SKIP_DOTENV: '1' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
