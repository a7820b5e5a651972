import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { type ApiTokenRecord, appendAudit, createApiToken, type Db, listApiTokens, revokeApiToken } from '@prestasi/db';
import { actorOf } from '../actor.js';
import { errorResponseSpec } from '../errors.js';
import { SCOPE_NAMES, SCOPES } from './scopes.js';

const TokenSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    prefix: z.string().openapi({ description: 'The first characters of the token, to recognise it' }),
    scopes: z.array(z.enum(SCOPE_NAMES)),
    createdBy: z.string(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    lastUsedAt: z.string().nullable().openapi({ format: 'date-time', description: 'To the minute' }),
    revokedBy: z.string().nullable(),
    revokedAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('ApiToken');

const NewTokenSchema = z
  .object({
    name: z.string().trim().min(1).max(100).regex(/^[^\p{Cc}]*$/u, 'no control characters').openapi({ example: 'payroll pull' }),
    scopes: z
      .array(z.enum(SCOPE_NAMES))
      .min(1)
      .max(SCOPE_NAMES.length)
      .openapi({ description: Object.entries(SCOPES).map(([s, what]) => `\`${s}\`: ${what}`).join('; ') }),
  })
  .strict()
  .openapi('NewApiToken');

const json = <T>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const listRoute = createRoute({
  method: 'get',
  path: '/api/tokens',
  summary: 'API tokens (never their secrets)',
  responses: { 200: json(z.object({ tokens: z.array(TokenSchema) }).openapi('ApiTokenList'), 'Tokens in the order they were made') },
});

const createTokenRoute = createRoute({
  method: 'post',
  path: '/api/tokens',
  summary: 'Create an API token for an integration',
  description: 'The answer holds the token, `prst_` and 43 characters: it is shown this once and only its sha256 is kept. Send it as `Authorization: Bearer prst_…`.',
  request: { body: { required: true, content: { 'application/json': { schema: NewTokenSchema } } } },
  responses: {
    201: json(TokenSchema.extend({ token: z.string() }).openapi('CreatedApiToken'), 'The token, with its secret'),
    400: errorResponseSpec('No name, or an unknown scope (INVALID_INPUT)'),
  },
});

const revokeRoute = createRoute({
  method: 'delete',
  path: '/api/tokens/{id}',
  summary: 'Revoke an API token: it is refused from now on',
  request: { params: z.object({ id: z.coerce.number().int().min(1).max(2 ** 31 - 1).openapi({ param: { name: 'id', in: 'path' }, example: 1 }) }) },
  responses: { 200: json(TokenSchema, 'The revoked token'), 404: errorResponseSpec('No such token (NOT_FOUND)') },
});

function tokenJson(t: ApiTokenRecord): z.infer<typeof TokenSchema> {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes as z.infer<typeof TokenSchema>['scopes'],
    createdBy: t.createdBy,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedBy: t.revokedBy,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

/** What the audit log keeps of a token: never the secret. */
const audited = (t: ApiTokenRecord) => ({ id: t.id, name: t.name, prefix: t.prefix, scopes: t.scopes, revokedAt: t.revokedAt });

export function tokenRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(listRoute, async (c) => {
    return c.json({ tokens: (await listApiTokens(db)).map(tokenJson) }, 200);
  });
  app.openapi(createTokenRoute, async (c) => {
    const { name, scopes } = c.req.valid('json');
    const actor = actorOf(c);
    const created = await db.transaction().execute(async (trx) => {
      const made = await createApiToken(trx, { name, scopes, createdBy: actor });
      await appendAudit(trx, { actor, action: 'token.create', entity: 'api_token', entityId: String(made.record.id), after: audited(made.record) });
      return made;
    });
    return c.json({ ...tokenJson(created.record), token: created.token }, 201);
  });
  app.openapi(revokeRoute, async (c) => {
    const actor = actorOf(c);
    const { record } = await db.transaction().execute(async (trx) => {
      const result = await revokeApiToken(trx, c.req.valid('param').id, actor);
      if (result.revoked) await appendAudit(trx, { actor, action: 'token.revoke', entity: 'api_token', entityId: String(result.record.id), after: audited(result.record) });
      return result;
    });
    return c.json(tokenJson(record), 200);
  });
}
