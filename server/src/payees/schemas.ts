import { z } from '@hono/zod-openapi';

export const PayeeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    manager: z.string().nullable().openapi({ description: 'The manager in force today' }),
    team: z.string().nullable(),
  })
  .openapi('Payee');

export const PayeeListSchema = z.object({ payees: z.array(PayeeSchema) }).openapi('PayeeList');
