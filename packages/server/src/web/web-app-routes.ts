import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Every file of the built web app, as URL paths relative to its root ("assets/index-abc.js"). */
function listFiles(root: string): Set<string> {
  const files = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.add(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return files;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The web app, served by the same process as the API: built files as they are
 * (hashed assets cached for a year), and index.html for every other GET path so
 * client-side routes load the app. Paths under /api/ never fall back: they keep
 * answering problem+json 404s. Only files present when the app started are
 * served (the set is read once), so no request can reach outside the build.
 */
export function webAppRoutes(opts: { root: string }) {
  return async (app: FastifyInstance) => {
    const files = listFiles(opts.root);
    // The build leaves .br and .gz beside each text file (scripts/build-web.mjs): sent to browsers that accept them.
    await app.register(fastifyStatic, { root: opts.root, serve: false, preCompressed: true });
    app.get<{ Params: { '*': string } }>('/*', { config: { access: 'public', rateLimit: false } }, async (request, reply) => {
      const path = request.params['*'];
      if (path === 'api' || path.startsWith('api/')) return reply.callNotFound();
      if (files.has(path)) {
        return path.startsWith('assets/') ? reply.header('cache-control', IMMUTABLE).sendFile(path, { cacheControl: false }) : reply.sendFile(path, { maxAge: 3600_000 });
      }
      // A missing file (it has an extension) is a 404, not the app.
      if (/\.[A-Za-z0-9]{1,8}$/.test(path)) return reply.callNotFound();
      return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
    });
  };
}
