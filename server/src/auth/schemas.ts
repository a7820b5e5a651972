import { z } from '@hono/zod-openapi';
import { MAX_PASSWORD_LENGTH, ROLES, type Role } from '@prestasi/db';

export const RoleSchema = z.enum(ROLES as [Role, ...Role[]]).openapi({ description: 'rep, manager, finance or admin' });

export const UserSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    payeeId: z.string().nullable(),
    disabled: z.boolean(),
    hasPassword: z.boolean().openapi({ description: 'false: signs in with single sign-on only' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('User');

export const MeSchema = z
  .object({
    user: z.object({ id: z.number().int(), email: z.string(), name: z.string() }),
    role: RoleSchema,
    payeeId: z.string().nullable().openapi({ description: 'The payee this user is (reps and managers)' }),
    fiscalYearStart: z.number().int().min(1).max(12).openapi({ description: "The month the organisation's fiscal year starts in, for naming quarters (2027-Q1 is April to June 2026 when it is 4)" }),
  })
  .openapi('Me');

export const LoginSchema = z
  .object({
    email: z.string().max(254).openapi({ example: 'finance@demo.prestasi.my' }),
    password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  })
  .strict()
  .openapi('Login');

export function userJson(u: { id: number; email: string; name: string; role: Role; payeeId: string | null; disabled: boolean; hasPassword: boolean; createdAt: Date; updatedAt: Date }): z.infer<typeof UserSchema> {
  return { id: u.id, email: u.email, name: u.name, role: u.role, payeeId: u.payeeId, disabled: u.disabled, hasPassword: u.hasPassword, createdAt: u.createdAt.toISOString(), updatedAt: u.updatedAt.toISOString() };
}
