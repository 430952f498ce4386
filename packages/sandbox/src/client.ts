import { SandboxError } from './errors.js';
import { type HttpAnswer, httpText } from './http-text.js';

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
  let response: HttpAnswer;
  try {
    response = await httpText(`${call.adminUrl}${path}`, {
      method,
      headers: {
        ...(call.token ? { Authorization: `Bearer ${call.token}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: 30_000,
    });
  } catch (error) {
    throw new SandboxError(
      'SANDBOX_UNREACHABLE',
      `cannot reach the sandbox Admin API at ${call.adminUrl}`,
      'is it running? `kong-workshop sandbox status`',
      { cause: error },
    );
  }
  const text = response.text;
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed };
}
