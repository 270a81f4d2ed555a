import type { Database } from './port.ts';
import { openPglite } from './pglite-adapter.ts';
import { openPostgres } from './postgres-adapter.ts';

export type DatabaseConfig = { databaseUrl?: string; dataDir?: string };

/** PostgreSQL when a URL is given, otherwise the embedded database in dataDir (in memory when dataDir is omitted). */
export function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(config.dataDir);
}
