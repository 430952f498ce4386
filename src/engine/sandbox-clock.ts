import type { TargetSession } from '../targets/index.js';

/**
 * The sandbox's `POST /_sandbox/clock/advance`, for checks that meet a spent rate-limit window:
 * the same call `kong-workshop sandbox advance` makes. Undefined on every other target, whose
 * clock is the real one.
 */
export function sandboxClockAdvancer(target: TargetSession): ((ms: number) => Promise<void>) | undefined {
  const admin = target.vars.ADMIN;
  const token = target.vars.SANDBOX_TOKEN;
  if ((target.name !== 'sandbox' && target.name !== 'kind-lab') || !admin || !token) return undefined;
  return async (ms) => {
    const response = await fetch(`${admin}/_sandbox/clock/advance`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ms }),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`the sandbox refused to advance its clock (HTTP ${response.status})`);
  };
}
