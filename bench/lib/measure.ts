import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openPglite } from '../../packages/server/src/db/pglite-adapter.ts';
import { openPostgres } from '../../packages/server/src/db/postgres-adapter.ts';
import type { Database } from '../../packages/server/src/db/port.ts';

/** Shared by the benchmarks: latency sampling with concurrent callers, and a throwaway database of either kind. */

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type Stats = { n: number; rps: number; p50: number; p95: number };

function stats(samples: number[], elapsedMs: number): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { n: s.length, rps: (s.length / elapsedMs) * 1000, p50: at(0.5), p95: at(0.95) };
}

/** Runs fn `n` times with `concurrency` callers and returns per-call latencies. */
export async function measure(n: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<Stats> {
  for (let i = 0; i < Math.min(20, n); i++) await fn(i); // warm-up: caches, plans, JIT
  const samples: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const s = performance.now();
        await fn(i);
        samples.push(performance.now() - s);
      }
    }),
  );
  return stats(samples, performance.now() - t0);
}

export const fmt = (s: Stats) => `${s.rps.toFixed(0).padStart(7)} req/s  p50 ${s.p50.toFixed(2).padStart(7)} ms  p95 ${s.p95.toFixed(2).padStart(7)} ms`;

export async function openBenchDb(kind: 'pglite' | 'postgres'): Promise<{ db: Database; dispose: () => Promise<void> }> {
  if (kind === 'pglite') {
    const db = await openPglite();
    return { db, dispose: () => db.close() };
  }
  const name = `mainline_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), { max: 10 });
  return {
    db,
    async dispose() {
      await db.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

