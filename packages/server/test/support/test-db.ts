import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openPglite } from '../../src/db/pglite-adapter.ts';
import { openPostgres } from '../../src/db/postgres-adapter.ts';
import type { Database } from '../../src/db/port.ts';

/**
 * The suite runs twice (see package.json): on PGlite, and with
 * MAINLINE_TEST_DB=postgres on the PostgreSQL at TEST_DATABASE_URL. Each
 * call gets a database of its own: an in-memory PGlite, or a throwaway
 * PostgreSQL database created from the `test` database and dropped on close.
 */
export const testDbKind: 'pglite' | 'postgres' = process.env.MAINLINE_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type TestDatabase = { db: Database; url?: string; dispose(): Promise<void> };

/**
 * A fresh PGlite spends ~3 s in initdb; loading the data directory of one
 * that just ran initdb takes ~0.5 s and is the same empty cluster. Kept on
 * disk per PGlite version, since every test file runs in its own process.
 */
let emptyCluster: Promise<Blob> | undefined;
async function emptyClusterOnce(): Promise<Blob> {
  const packageJson = join(dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite'))), '..', 'package.json');
  const { version } = JSON.parse(await readFile(packageJson, 'utf8')) as { version: string };
  const path = join(tmpdir(), `mainline-pglite-empty-${version}.tar`);
  try {
    return new Blob([await readFile(path)]);
  } catch {
    const fresh = await PGlite.create();
    const dump = await fresh.dumpDataDir('none');
    await fresh.close();
    // Another test process may be writing the same file: each writes its own and renames, so a reader never sees half.
    const partial = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, path);
    return dump;
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDbKind === 'pglite') {
    const db = await openPglite(undefined, { loadDataDir: await (emptyCluster ??= emptyClusterOnce()) });
    return { db, dispose: () => db.close() };
  }
  const name = `mainline_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), { max: 5 });
  return {
    db,
    url: url.toString(),
    async dispose() {
      await db.close();
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
