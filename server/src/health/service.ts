import { type Db, DomainError, sql } from '@prestasi/db';

/** How long a health check waits for the database before calling it unavailable. */
const TIMEOUT_MS = 3000;

/** Resolves when the database answers `select 1`; UNAVAILABLE when it fails or takes too long. */
export async function checkHealth(db: Db): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), TIMEOUT_MS);
  });
  try {
    await Promise.race([sql`select 1`.execute(db), timeout]);
  } catch {
    throw new DomainError('UNAVAILABLE', 'the database does not answer');
  } finally {
    clearTimeout(timer);
  }
}
