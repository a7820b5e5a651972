import { z } from '@hono/zod-openapi';
import { COLUMN_FIELDS, DATE_FORMATS, VALUE_FIELDS } from '@prestasi/db';

const ColumnNames = z
  .union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).min(1).max(20)])
  .openapi({ description: 'A column name, or alternatives: the first the file has is read (case aside)', example: ['Opportunity Owner', 'Owner Name'] });

const columns = Object.fromEntries(COLUMN_FIELDS.map((f) => [f, ColumnNames.optional()])) as Record<(typeof COLUMN_FIELDS)[number], z.ZodOptional<typeof ColumnNames>>;
const values = Object.fromEntries(VALUE_FIELDS.map((f) => [f, z.string().max(200).optional()])) as Record<(typeof VALUE_FIELDS)[number], z.ZodOptional<z.ZodString>>;

export const CrmMappingSchema = z
  .object({
    idPrefix: z.string().max(32).openapi({ description: 'Namespaces the CRM ids: `sf` turns deal 006A1 into transaction `sf:006A1`; "" for none', example: 'acme' }),
    columns: z
      .object(columns)
      .strict()
      .openapi({ description: `Which column feeds which field: ${COLUMN_FIELDS.join(', ')}. id, date, amount and an owner (owner, owner_email, owner_name or splits) are needed.` }),
    attributes: z.record(z.string().min(1).max(100), ColumnNames).optional().openapi({ description: 'Attribute name (for plan `where` filters) → column', example: { customer: 'Account Name' } }),
    dateFormat: z.enum(DATE_FORMATS).openapi({ description: 'How dates are laid out; a time after the date is ignored' }),
    decimalSeparator: z.enum(['.', ',']).optional().openapi({ description: 'What separates the fraction in amounts (default `.`)' }),
    fixed: z.object(values).strict().optional().openapi({ description: 'Values every row gets, whatever the file says' }),
    defaults: z.object(values).strict().optional().openapi({ description: 'Values for empty cells, or for a column the file lacks' }),
    stages: z
      .object({ won: z.array(z.string().min(1)).min(1), cancelled: z.array(z.string().min(1)) })
      .optional()
      .openapi({ description: 'Stages that make a deal won or cancelled; other stages are skipped and reported' }),
    reportFooter: z.boolean().optional().openapi({ description: 'The file ends with a Salesforce report footer (one-cell lines)' }),
  })
  .strict()
  .openapi('CrmMapping');

export const MappingNameParam = z.object({
  name: z.string().openapi({ param: { name: 'name', in: 'path' }, description: 'Lower-case letters, digits, `_`, `-`', example: 'acme-deals' }),
});

export const SavedMappingSchema = z
  .object({ name: z.string(), mapping: CrmMappingSchema, createdAt: z.string(), updatedAt: z.string() })
  .openapi('SavedCrmMapping');

export const MappingListSchema = z
  .object({
    presets: z.array(z.object({ name: z.string(), mapping: CrmMappingSchema })).openapi({ description: 'Built in: salesforce, hubspot' }),
    saved: z.array(SavedMappingSchema),
  })
  .openapi('CrmMappings');

export const ImportQuery = z.object({
  source: z.string().min(1).max(64).openapi({ description: '`salesforce`, `hubspot`, or the name of a saved mapping', example: 'salesforce' }),
  dryRun: z.enum(['true', 'false']).optional().openapi({ description: 'Report what would change, write nothing (default false)' }),
  limit: z.coerce.number().int().min(0).max(100_000).optional().openapi({ description: 'Most entries listed per change list (default 1000); counts stay exact' }),
});

const RowErrorSchema = z
  .object({
    row: z.number().int().openapi({ description: '1-based physical line of the CSV (the header is line 1)' }),
    column: z.string().nullable().openapi({ description: 'The column as the file names it; null for the row as a whole' }),
    value: z.string().nullable(),
    message: z.string(),
  })
  .openapi('CrmRowError');

const FieldChangeSchema = z
  .object({ field: z.string().openapi({ example: 'amount' }), before: z.string().nullable(), after: z.string().nullable() })
  .openapi('CrmFieldChange');

export const ImportReportSchema = z
  .object({
    source: z.string(),
    dryRun: z.boolean(),
    batch: z.number().int().nullable().openapi({ description: 'The import batch recorded; null for a dry run' }),
    rows: z.number().int(),
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    skipped: z.number().int(),
    errorCount: z.number().int(),
    errors: z.array(RowErrorSchema),
    changes: z.object({
      inserted: z.array(z.object({ row: z.number().int(), id: z.string() })),
      updated: z.array(z.object({ row: z.number().int(), id: z.string(), changes: z.array(FieldChangeSchema) })),
      skipped: z.array(z.object({ row: z.number().int(), id: z.string().nullable(), reason: z.string() })),
    }),
    truncated: z.boolean().openapi({ description: 'A list was cut at its limit' }),
  })
  .openapi('CrmImportReport');
