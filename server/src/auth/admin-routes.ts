import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { appendAudit, auditedUser, type Db, insertUser, listUsers, MAX_PASSWORD_LENGTH, updateUser } from '@prestasi/db';
import { actorOf } from '../actor.js';
import { errorResponseSpec } from '../errors.js';
import { RoleSchema, UserSchema, userJson } from './schemas.js';
import { segregationOfDuties } from './segregation.js';

const json = <T>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

/** Printable text: no control characters (no newlines in names or logs). */
const Line = (max: number) => z.string().max(max).regex(/^[^\p{Cc}]*$/u, 'no control characters');
const PayeeId = z.string().min(1).max(200).regex(/^[^\p{Cc}]*$/u, 'no control characters');

const NewUserSchema = z
  .object({
    email: z.string().trim().min(3).max(254),
    name: Line(200).optional(),
    role: RoleSchema,
    payeeId: PayeeId.nullable().optional().openapi({ description: 'Required for reps and managers' }),
    password: z.string().max(MAX_PASSWORD_LENGTH).optional().openapi({ description: 'At least 12 characters; omit for a single sign-on user' }),
  })
  .strict()
  .openapi('NewUser');

const UserChangeSchema = z
  .object({
    name: Line(200).optional(),
    role: RoleSchema.optional(),
    payeeId: PayeeId.nullable().optional(),
    disabled: z.boolean().optional(),
    password: z.string().max(MAX_PASSWORD_LENGTH).nullable().optional().openapi({ description: 'null removes the password (single sign-on only)' }),
  })
  .strict()
  .openapi('UserChange');

const SecuritySettingsSchema = z
  .object({ segregationOfDuties: z.boolean().openapi({ description: 'Whoever created a run or last changed its inputs cannot approve it' }) })
  .strict()
  .openapi('SecuritySettings');

const idParams = z.object({ id: z.coerce.number().int().min(1).max(2 ** 31 - 1).openapi({ param: { name: 'id', in: 'path' }, example: 1 }) });

const listUsersRoute = createRoute({ method: 'get', path: '/api/users', summary: 'Users', responses: { 200: json(z.object({ users: z.array(UserSchema) }).openapi('UserList'), 'Users by id') } });
const createUserRoute = createRoute({
  method: 'post',
  path: '/api/users',
  summary: 'Add a user',
  request: { body: { required: true, content: { 'application/json': { schema: NewUserSchema } } } },
  responses: { 201: json(UserSchema, 'The user'), 400: errorResponseSpec('Invalid (INVALID_INPUT)'), 409: errorResponseSpec('The email is taken (CONFLICT)') },
});
const updateUserRoute = createRoute({
  method: 'patch',
  path: '/api/users/{id}',
  summary: "Change a user's name, role, payee, password or whether they are disabled",
  description: 'A new role, payee or password, or disabling, ends all their sessions.',
  request: { params: idParams, body: { required: true, content: { 'application/json': { schema: UserChangeSchema } } } },
  responses: { 200: json(UserSchema, 'The user'), 400: errorResponseSpec('Invalid (INVALID_INPUT)'), 404: errorResponseSpec('No such user (NOT_FOUND)') },
});
const getSettingsRoute = createRoute({ method: 'get', path: '/api/settings/security', summary: 'Security settings', responses: { 200: json(SecuritySettingsSchema, 'The settings') } });
const putSettingsRoute = createRoute({
  method: 'put',
  path: '/api/settings/security',
  summary: 'Change the security settings',
  request: { body: { required: true, content: { 'application/json': { schema: SecuritySettingsSchema } } } },
  responses: { 200: json(SecuritySettingsSchema, 'The settings'), 400: errorResponseSpec('Invalid (INVALID_INPUT)') },
});


/** Administration: users and their roles, security settings (API tokens are in token-routes.ts). */
export function adminRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(listUsersRoute, async (c) => c.json({ users: (await listUsers(db)).map(userJson) }, 200));
  app.openapi(createUserRoute, async (c) => {
    const body = c.req.valid('json');
    const actor = actorOf(c);
    const user = await db.transaction().execute(async (trx) => {
      const created = await insertUser(trx, { email: body.email, name: body.name ?? '', role: body.role, payeeId: body.payeeId ?? null, ...(body.password === undefined ? {} : { password: body.password }) });
      await appendAudit(trx, { actor, action: 'user.create', entity: 'user', entityId: String(created.id), after: auditedUser(created) });
      return created;
    });
    return c.json(userJson(user), 201);
  });
  app.openapi(updateUserRoute, async (c) => {
    const actor = actorOf(c);
    const body = c.req.valid('json');
    const { after } = await db.transaction().execute(async (trx) => {
      const changed = await updateUser(trx, c.req.valid('param').id, body);
      await appendAudit(trx, { actor, action: 'user.update', entity: 'user', entityId: String(changed.after.id), before: auditedUser(changed.before), after: { ...auditedUser(changed.after), passwordChanged: body.password !== undefined } });
      return changed;
    });
    return c.json(userJson(after), 200);
  });
  app.openapi(getSettingsRoute, async (c) => c.json({ segregationOfDuties: await segregationOfDuties(db) }, 200));
  app.openapi(putSettingsRoute, async (c) => {
    const actor = actorOf(c);
    const { segregationOfDuties: on } = c.req.valid('json');
    await db.transaction().execute(async (trx) => {
      const before = await segregationOfDuties(trx);
      await trx.updateTable('settings').set({ segregation_of_duties: on, updated_at: new Date() }).execute();
      await appendAudit(trx, { actor, action: 'settings.security', entity: 'settings', before: { segregationOfDuties: before }, after: { segregationOfDuties: on } });
    });
    return c.json({ segregationOfDuties: on }, 200);
  });
}
