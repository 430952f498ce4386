import { isRecord, stringOrNull, stringsOrNull, FaultError } from '@kong-workshop/common';
// What deck does to a state file before it talks to Kong (Kong/go-database-reconciler
// pkg/file, Kong/deck cmd/common.go), so `kong-workshop sandbox sync` takes deck files unchanged.

/** A deck file the sandbox refuses, with deck's own wording. */
export class DeckFileError extends FaultError<'SANDBOX_DECK_FILE'> {
  constructor(message: string, hint: string) {
    super('SANDBOX_DECK_FILE', message, hint);
  }
}

const EXPRESSION = /\$\{\{\s*([\s\S]*?)\s*\}\}/g;

/**
 * Renders deck's `${{ env "DECK_X" }}` expressions. Only DECK_-prefixed variables may be read,
 * and an unset one is an error; expressions on YAML comment lines are left alone.
 */
export function renderDeckTemplate(text: string, env: NodeJS.ProcessEnv): string {
  return text
    .split('\n')
    .map((line) =>
      line.trimStart().startsWith('#')
        ? line
        : line.replace(EXPRESSION, (_match, expression: string) => evaluate(expression, env)),
    )
    .join('\n');
}

function evaluate(expression: string, env: NodeJS.ProcessEnv): string {
  const [call, ...pipes] = expression.split('|').map((part) => part.trim());
  const match = /^env\s+"([^"]*)"$/.exec(call ?? '');
  if (!match)
    throw new DeckFileError(
      `unsupported template expression '\${{ ${expression} }}'`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: deck's own template syntax, shown to the user
      'deck files may use ${{ env "DECK_NAME" }}, optionally piped to toInt, toFloat or toBool',
    );
  const name = match[1] ?? '';
  if (!name.startsWith('DECK_')) {
    throw new DeckFileError(
      `environment variables in the state file must be prefixed with 'DECK_', found: '${name}'`,
      `rename the variable to DECK_${name}`,
    );
  }
  const value = env[name];
  if (value === undefined)
    throw new DeckFileError(
      `environment variable '${name}' present in state file but not set`,
      `export ${name}=… before syncing`,
    );
  for (const pipe of pipes) {
    if (pipe === 'toInt' && !/^[+-]?\d+$/.test(value))
      throw new DeckFileError(`${name}: '${value}' is not an integer`, 'set the variable to a whole number');
    if (pipe === 'toBool' && !/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(value))
      throw new DeckFileError(`${name}: '${value}' is not a boolean`, 'set the variable to true or false');
    if (pipe === 'toFloat' && Number.isNaN(Number(value)))
      throw new DeckFileError(`${name}: '${value}' is not a number`, 'set the variable to a number');
  }
  return value;
}

/** A deck file reduced to what Kong's /config takes, plus what deck does with its own keys. */
export interface PreparedDeckFile {
  readonly config: Record<string, unknown>;
  /** `_info.select_tags`: added to every entity, and the scope of the sync. */
  readonly selectTags: readonly string[];
  /** `_konnect.control_plane_name`, reported so the learner sees where it went. */
  readonly controlPlane: string | undefined;
}

const TAGGED_CHILDREN: Readonly<Record<string, readonly string[]>> = {
  services: ['routes', 'plugins'],
  routes: ['plugins'],
  consumers: [
    'plugins',
    'keyauth_credentials',
    'basicauth_credentials',
    'acls',
    'jwt_secrets',
    'hmacauth_credentials',
    'oauth2_credentials',
  ],
  consumer_groups: ['plugins'],
  upstreams: ['targets'],
};

/** Applies deck's rules: format 3.0 only, `_konnect` and `_info` handled and removed, select tags added. */
export function prepareDeckFile(content: Record<string, unknown>): PreparedDeckFile {
  const version = content._format_version ?? '1.1';
  if (version !== '3.0') {
    throw new DeckFileError(
      `cannot apply '${String(version)}' config format version to Kong version 3.0 or above`,
      'set _format_version: "3.0" (deck refuses older formats against Kong 3.x)',
    );
  }
  const { _info: info, _konnect: konnect, _workspace: _ignoredWorkspace, ...config } = content;
  const konnectBlock = isRecord(konnect) ? konnect : {};
  if (konnectBlock.control_plane_name !== undefined && konnectBlock.runtime_group_name !== undefined) {
    throw new DeckFileError(
      'cannot set both runtime_group_name and control_plane_name. Please use only control_plane_name',
      'remove runtime_group_name from _konnect',
    );
  }
  const selectTags = (isRecord(info) ? info.select_tags : undefined) ?? [];
  const tags = stringsOrNull(selectTags);
  if (!Array.isArray(selectTags) || tags?.length !== selectTags.length)
    throw new DeckFileError('_info.select_tags must be a list of strings', 'write select_tags as a YAML list');
  membershipsFromDeck(config);
  if (tags.length) for (const [type, list] of Object.entries(config)) if (Array.isArray(list)) tagAll(type, list, tags);
  const controlPlane = stringOrNull(konnectBlock.control_plane_name ?? konnectBlock.runtime_group_name) ?? undefined;
  return { config, selectTags: tags, controlPlane };
}

function tagAll(type: string, list: unknown[], tags: readonly string[]): void {
  for (const item of list) {
    if (!isRecord(item)) continue;
    const entity = item;
    const own = stringsOrNull(entity.tags) ?? [];
    entity.tags = [...own, ...tags.filter((t) => !own.includes(t))];
    for (const child of TAGGED_CHILDREN[type] ?? [])
      if (Array.isArray(entity[child])) tagAll(child, entity[child], tags);
  }
}

const record = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * deck writes memberships two ways (go-database-reconciler pkg/file/types.go): a group's
 * `consumers: [{username}]` and a consumer's `groups: [{name}]`. Kong's flat form is
 * `consumer_group_consumers`, referencing both by name.
 */
function membershipsFromDeck(config: Record<string, unknown>): void {
  const memberships: Record<string, unknown>[] = [];
  for (const group of Array.isArray(config.consumer_groups) ? config.consumer_groups : []) {
    if (!record(group) || !Array.isArray(group.consumers)) continue;
    for (const consumer of group.consumers)
      if (record(consumer))
        memberships.push({ consumer_group: group.name ?? group.id, consumer: consumer.username ?? consumer.id });
    delete group.consumers;
  }
  for (const consumer of Array.isArray(config.consumers) ? config.consumers : []) {
    if (!record(consumer) || !Array.isArray(consumer.groups)) continue;
    for (const group of consumer.groups)
      if (record(group))
        memberships.push({ consumer_group: group.name ?? group.id, consumer: consumer.username ?? consumer.id });
    delete consumer.groups;
  }
  if (memberships.length === 0) return;
  const existing = Array.isArray(config.consumer_group_consumers) ? config.consumer_group_consumers : [];
  config.consumer_group_consumers = [...existing, ...memberships];
}
