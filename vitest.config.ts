import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // expect.poll waits for the page or a server to reach a state; 1 s (vitest's default) is too
    // short on a busy machine (a group's passes take seconds under load). A wait, not a timing
    // assertion: a poll that reaches its state returns at once.
    expect: { poll: { timeout: 30_000 } },
  },
});
