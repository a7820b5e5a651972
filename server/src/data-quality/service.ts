import { type DataQualityReport, dataQualityReport, type Db } from '@prestasi/db';
import type { z } from '@hono/zod-openapi';
import type { DataQualitySchema } from './schemas.js';

export async function qualityReport(db: Db, limit: number | undefined): Promise<z.infer<typeof DataQualitySchema>> {
  const report: DataQualityReport = await dataQualityReport(db, limit === undefined ? {} : { limit });
  // The report's lists are readonly; the JSON answer is the same data.
  return JSON.parse(JSON.stringify(report)) as z.infer<typeof DataQualitySchema>;
}
