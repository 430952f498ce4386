// Writes schema/*.schema.json from the parser's zod schemas: `npm run schema` after changing one.
// test/lesson/json-schema.test.ts fails while the files differ from what this would write.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lessonJsonSchemas } from '../src/lesson/json-schema.js';

const dir = join(import.meta.dirname, '..', 'schema');
mkdirSync(dir, { recursive: true });
for (const [name, schema] of Object.entries(lessonJsonSchemas()))
  writeFileSync(join(dir, `${name}.schema.json`), `${JSON.stringify(schema, null, 2)}\n`);
