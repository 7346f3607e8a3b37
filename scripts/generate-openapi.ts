// Writes docs/openapi.json, the committed description of the API (a test checks it is current).
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db.js';
import { buildApp } from '../src/server/app.js';

const database = await openDatabase({});
const { app } = await buildApp({
  config: loadConfig({ logLevel: 'silent' }, {}, '/nonexistent'),
  database,
  logger: false,
});
await app.ready();
writeFileSync(
  new URL('../docs/openapi.json', import.meta.url),
  `${JSON.stringify(app.swagger(), null, 2)}\n`,
);
await app.close();
await database.close();
console.log('wrote docs/openapi.json');
