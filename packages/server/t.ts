import { PGlite } from '@electric-sql/pglite';
let t = Date.now();
const a = await PGlite.create();
console.log('create', Date.now() - t); t = Date.now();
const blob = await a.dumpDataDir('none');
console.log('dump', Date.now() - t, blob.size); t = Date.now();
const b = await PGlite.create({ loadDataDir: blob });
console.log('load', Date.now() - t); t = Date.now();
console.log((await b.query('select 1 as x')).rows);
