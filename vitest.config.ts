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
    // A full run fails when a test printed a password, a session or an API token (docs/design/security.md).
    reporters: ['default', new SecretsInLogsReporter()],
  },
});
