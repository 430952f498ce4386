import { SandboxError } from './errors.js';

export interface AdminCall {
  readonly adminUrl: string;
  readonly token: string | undefined;
}

/** Calls the sandbox Admin API with the token; returns status and parsed JSON. */
export async function callAdmin(
  call: AdminCall,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(`${call.adminUrl}${path}`, {
      method,
      headers: {
        ...(call.token ? { Authorization: `Bearer ${call.token}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new SandboxError(
      'SANDBOX_UNREACHABLE',
      `cannot reach the sandbox Admin API at ${call.adminUrl}`,
      'is it running? `kong-workshop sandbox status`',
      { cause: error },
    );
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed };
}
