import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxClock } from '../clock.js';
import { DeckFileError } from '../declarative/deck.js';
import { applyDeckFile, syncDeckFile } from '../declarative/sync.js';
import { parseDeckText } from '../declarative/deck-text.js';
import { parseDuration, isRecord } from '@kong-workshop/common';
import type { RateLimitCounters } from '../plugins/counters.js';
import type { Store } from '../store/store.js';
import { GATEWAY_OWNERS, type GatewayOwner } from '../owner.js';
import type { SaveOutcome } from '../persistence.js';
import { readAdminBody, sendJson, type AdminReply } from './http.js';

/** Everything only the sandbox has lives under this prefix, so no one mistakes it for Kong. */
export const EXTENSION_PREFIX = '_sandbox';

export interface ExtensionDeps {
  readonly store: Store;
  readonly clock: SandboxClock;
  readonly counters: RateLimitCounters;
  readonly organizationId: string;
  readonly onReset: () => void;
  /** Hands the gateway's configuration to a target (see owner.ts); a failed save of the old one refuses. */
  readonly selectOwner: (owner: GatewayOwner) => Promise<SaveOutcome>;
  readonly owner: () => GatewayOwner;
}

/**
 * The sandbox's own endpoints:
 * - `GET  /_sandbox/ping`               liveness and pid (the only one without a token)
 * - `GET  /_sandbox/organizations/me`   the identity behind the token (like Konnect's)
 * - `GET  /_sandbox/clock`              the rate-limit clock
 * - `POST /_sandbox/clock/advance`      `{"duration":"60s"}` or `{"ms":60000}` moves it forward
 * - `POST /_sandbox/sync`               `{"content":{…deck file…}}` makes the configuration the file's
 *                                       (or `{"text":"…YAML…"}`: a problem in it answers 400 with line and col)
 * - `POST /_sandbox/apply`              the same body; adds the file's entities, deleting nothing
 * - `POST /_sandbox/reset`              forgets all configuration, counters and clock offset
 * - `GET|POST /_sandbox/owner`          `{"owner":"kind-lab"}`: whose configuration the gateway serves
 */
export async function handleExtension(
  deps: ExtensionDeps,
  req: IncomingMessage,
  res: ServerResponse,
  segments: readonly string[],
  reply: AdminReply,
): Promise<void> {
  const send = (status: number, body?: unknown) => sendJson(res, status, body, reply);
  const route = `${req.method} /${segments.slice(1).join('/')}`;
  switch (route) {
    case 'GET /ping':
      return send(200, { sandbox: true, pid: process.pid });
    case 'GET /organizations/me':
      return send(200, { id: deps.organizationId, name: 'kong-workshop sandbox', owner: 'you' });
    case 'GET /clock':
      return send(200, clockView(deps.clock));
    case 'POST /clock/advance': {
      const body = await readAdminBody(req);
      const values = body.kind === 'ok' ? body.values : {};
      const ms =
        typeof values.ms === 'number'
          ? values.ms
          : typeof values.duration === 'string'
            ? parseDuration(values.duration)
            : undefined;
      if (ms === undefined || !Number.isFinite(ms) || ms < 0)
        return send(400, { message: 'expected {"duration":"60s"} or {"ms":60000}, a positive amount of time' });
      deps.clock.advance(ms);
      return send(200, clockView(deps.clock));
    }
    case 'POST /sync':
    case 'POST /apply': {
      const body = await readAdminBody(req);
      const values = body.kind === 'ok' ? body.values : {};
      let content = values.content;
      if (typeof values.text === 'string') {
        const parsed = parseDeckText(values.text);
        if (!parsed.ok) {
          const { ok: _failed, ...problem } = parsed;
          return send(400, problem);
        }
        content = parsed.content;
      }
      if (!isRecord(content))
        return send(400, { message: 'expected {"content": <deck file as JSON>} or {"text": <deck file as YAML>}' });
      try {
        const load = route === 'POST /apply' ? applyDeckFile : syncDeckFile;
        const result = load(deps.store, content);
        return result.ok ? send(200, result.summary) : send(400, result.error);
      } catch (error) {
        if (error instanceof DeckFileError) return send(400, { message: error.message, hint: error.hint });
        throw error;
      }
    }
    case 'GET /owner':
      return send(200, { owner: deps.owner() });
    case 'POST /owner': {
      const body = await readAdminBody(req);
      const wanted = body.kind === 'ok' ? body.values.owner : undefined;
      const owner = GATEWAY_OWNERS.find((o) => o === wanted);
      if (!owner)
        return send(400, { message: `expected {"owner": ${GATEWAY_OWNERS.map((o) => `"${o}"`).join(' | ')}}` });
      const outcome = await deps.selectOwner(owner);
      if (!outcome.ok) return send(500, { message: 'An unexpected error occurred' });
      return send(200, { owner });
    }
    case 'POST /reset':
      deps.onReset();
      return send(200, { message: 'the sandbox configuration, counters and clock were reset' });
    default:
      return send(404, { message: 'Not found' });
  }
}

function clockView(clock: SandboxClock): { now: string; offset_ms: number } {
  return { now: new Date(clock.now()).toISOString(), offset_ms: clock.offsetMs };
}
