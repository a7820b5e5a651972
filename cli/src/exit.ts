/** Exit statuses, one table for the whole command line. */
export const EXIT = { ok: 0, failure: 1, invalid: 2 } as const;
