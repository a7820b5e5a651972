import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { SecretsInLogsReporter } from './tools/src/secrets-in-logs-reporter.js';

const src = (room: string) => fileURLToPath(new URL(`./${room}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@prestasi/engine': src('engine'),
      // Before '@prestasi/workspace', which would otherwise take its subpath as a path under index.ts.
      '@prestasi/workspace/plan-text': fileURLToPath(new URL('./workspace/src/plan-text.ts', import.meta.url)),
      '@prestasi/workspace/paths': fileURLToPath(new URL('./workspace/src/paths.ts', import.meta.url)),
      '@prestasi/workspace': src('workspace'),
      '@prestasi/db': src('db'),
      '@prestasi/server': src('server'),
    },
  },
  test: {
    include: ['*/src/**/*.test.ts'],
    testTimeout: 60_000,
    // Opening PGlite and migrating a fresh database takes seconds, more on a busy machine.
    hookTimeout: 120_000,
    pool: 'threads',
    // Vitest's default on these 2-core machines is one worker. The suite waits on PostgreSQL,
    // PGlite and Chromium as much as on the CPU: two workers ran it green in 11 min, with other
    // work on the machine, where one had taken 18-19 min (on a slower VM day).
    maxWorkers: 2,
    // A full run fails when a test printed a password, a session or an API token (docs/design/security.md).
    reporters: ['default', new SecretsInLogsReporter()],
  },
});
