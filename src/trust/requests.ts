import { TARGET_URL_VARIABLES } from '../lesson/model.js';

/** The origins of the target's own URLs (PROXY, ADMIN, KONNECT_SERVER_URL) as its session gives them. */
export function targetOrigins(vars: Readonly<Record<string, string>>): string[] {
  return TARGET_URL_VARIABLES.flatMap((name) => {
    const origin = originOf(vars[name] ?? '');
    return origin ? [origin] : [];
  });
}

/**
 * Why a request of a lesson nobody trusted must not go to `url` (undefined when it may): only the
 * target's own origins receive what such a lesson sends, since its headers may carry the target's
 * token. A URL that does not parse is left to the HTTP check, which sends nothing for it.
 */
export function requestRefusal(url: string, origins: readonly string[]): string | undefined {
  const origin = originOf(url);
  if (origin === undefined || origins.includes(origin)) return undefined;
  return `not sent to ${origin}: a lesson that does not ship with kong-workshop sends requests only to the target`;
}

function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? `${parsed.protocol}//${parsed.host}` : parsed.origin;
  } catch {
    return undefined;
  }
}
