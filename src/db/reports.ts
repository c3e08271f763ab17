// Maintainers' view of member reports: list the open ones, mark them resolved.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from './client.js';
import { members, reports, tenants } from './schema.js';

export interface OpenReport {
  id: number;
  questionId: string;
  note: string;
  member: string | null;
  tenant: string;
  createdAt: Date;
}

/** Open reports, oldest first, with who filed them and where. */
export async function listOpenReports(db: Db): Promise<OpenReport[]> {
  const rows = await db
    .select({
      id: reports.id,
      questionId: reports.questionId,
      note: reports.note,
      member: members.name,
      platform: tenants.platform,
      tenant: tenants.externalId,
      createdAt: reports.createdAt,
    })
    .from(reports)
    .innerJoin(tenants, eq(tenants.id, reports.tenantId))
    .leftJoin(members, eq(members.id, reports.memberId))
    .where(isNull(reports.resolvedAt))
    .orderBy(asc(reports.createdAt), asc(reports.id));
  return rows.map(({ platform, tenant, ...row }) => ({ ...row, tenant: `${platform}:${tenant}` }));
}

/** Marks reports resolved; returns the ids that were open. */
export async function resolveReports(db: Db, ids: readonly number[], at: Date): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .update(reports)
    .set({ resolvedAt: at })
    .where(and(inArray(reports.id, [...ids]), isNull(reports.resolvedAt)))
    .returning({ id: reports.id });
  return rows.map((row) => row.id);
}
