import type { Reporter, Vitest } from 'vitest/node';
import { TEST_PASSWORD } from '../../server/src/test-support/auth.js';

interface Leak {
  readonly what: string;
  readonly origin: string;
}

/**
 * Reads everything the tests of a full run printed (console and process output of every test
 * file) and fails the run when a password, a session token or an API token is in it. Leaks are
 * named by kind and test file, never printed.
 */
export class SecretsInLogsReporter implements Reporter {
  private readonly leaks: Leak[] = [];
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onUserConsoleLog(log: { content: string; taskId?: string }): void {
    for (const what of secretsIn(log.content)) {
      const task = log.taskId === undefined ? undefined : this.vitest?.state.idMap.get(log.taskId);
      this.leaks.push({ what, origin: task ? `${task.file.name} > ${task.name}` : 'a test' });
    }
  }

  onTestRunEnd(): void {
    if (this.leaks.length === 0) return;
    process.stderr.write(`\nSECRETS IN THE TEST LOGS (${this.leaks.length}):\n`);
    for (const leak of this.leaks) process.stderr.write(`  ${leak.what} printed by ${leak.origin}\n`);
    process.exitCode = 1;
  }
}

const SECRETS: readonly (readonly [string, (text: string) => boolean])[] = [
  ['an API token', (text) => /prst_[A-Za-z0-9_-]{43}/.test(text)],
  ['a session cookie', (text) => /prestasi_session=[A-Za-z0-9_-]{43}/.test(text)],
  ['the test password', (text) => text.includes(TEST_PASSWORD)],
];

/** The kinds of secret in `text`. */
export function secretsIn(text: string): string[] {
  return SECRETS.filter(([, found]) => found(text)).map(([what]) => what);
}
