import * as z from 'zod';
import { commandCheckSchema } from './checks/cmd.js';
import { httpCheckSchema } from './checks/http-schema.js';
import { k8sCheckSchema } from './checks/k8s.js';
import { frontMatterSchema } from './front-matter.js';
import { varsSchema } from './vars-spec.js';

/** The schemas the parser validates with, by the file name their JSON Schema is published as. */
const SOURCES = {
  'front-matter': { schema: frontMatterSchema, title: 'kong-workshop lesson front matter' },
  'check-http': { schema: httpCheckSchema, title: 'kong-workshop HTTP check (```check)' },
  'check-cmd': { schema: commandCheckSchema, title: 'kong-workshop command check (```check cmd)' },
  'check-k8s': { schema: k8sCheckSchema, title: 'kong-workshop Kubernetes check (```check k8s)' },
  vars: { schema: varsSchema, title: 'kong-workshop variables (```vars, and vars: in the front matter)' },
} as const;

export type LessonSchemaName = keyof typeof SOURCES;

/**
 * JSON Schema for each YAML part of a lesson, generated from the zod schemas the parser uses, so
 * editors and the parser never disagree on what a key is. Input side: what an author writes
 * (`30s`), not what the parser makes of it (30000). Checks zod cannot express (a duration's
 * unit, a regular expression that compiles, a JSON path) stay lint's.
 */
export function lessonJsonSchemas(): Record<LessonSchemaName, Record<string, unknown>> {
  const build = (name: LessonSchemaName): Record<string, unknown> => ({
    ...z.toJSONSchema(SOURCES[name].schema, { io: 'input', unrepresentable: 'any', target: 'draft-7' }),
    $id: `https://kong-workshop.dev/schema/${name}.schema.json`,
    title: SOURCES[name].title,
  });
  return {
    'front-matter': build('front-matter'),
    'check-http': build('check-http'),
    'check-cmd': build('check-cmd'),
    'check-k8s': build('check-k8s'),
    vars: build('vars'),
  };
}
