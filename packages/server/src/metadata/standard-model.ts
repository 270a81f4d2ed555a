import type { Queryable } from '../db/port.ts';
import { installObjects } from './metadata-service.ts';
import { CLUB } from './standard-model/club.ts';
import { MARKETING } from './standard-model/marketing.ts';
import { SALES, SALES_LINKS } from './standard-model/sales.ts';
import { SERVICE } from './standard-model/service.ts';

/**
 * The business mainline every new workspace starts with — campaign → lead →
 * account/contact → opportunity → quote → product & price → order → case →
 * survey → club → feedback — defined through the same metadata functions
 * customers use, so customers can add fields, picklist values and states to
 * any standard object.
 */
export const STANDARD_MODEL = { objects: [...SALES, ...MARKETING, ...SERVICE, ...CLUB], extraFields: SALES_LINKS };

export async function installStandardModel(tx: Queryable, ws: { workspaceId: string; schemaName: string; actorId: string }): Promise<void> {
  await installObjects(tx, ws.workspaceId, STANDARD_MODEL);
}
