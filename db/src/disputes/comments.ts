import type { Selectable } from 'kysely';
import type { Db, DisputeCommentsTable } from '../schema.js';

export interface DisputeComment {
  readonly id: number;
  readonly dispute: number;
  readonly author: string;
  readonly body: string;
  readonly createdAt: Date;
}

function comment(row: Selectable<DisputeCommentsTable>): DisputeComment {
  return { id: row.id, dispute: row.dispute_id, author: row.author, body: row.body, createdAt: new Date(row.created_at) };
}

export async function insertDisputeComment(db: Db, dispute: number, author: string, body: string): Promise<DisputeComment> {
  const row = await db.insertInto('dispute_comments').values({ dispute_id: dispute, author, body }).returningAll().executeTakeFirstOrThrow();
  return comment(row);
}

/** A dispute's comments, oldest first. */
export async function disputeComments(db: Db, dispute: number): Promise<DisputeComment[]> {
  return (await db.selectFrom('dispute_comments').selectAll().where('dispute_id', '=', dispute).orderBy('id').execute()).map(comment);
}
