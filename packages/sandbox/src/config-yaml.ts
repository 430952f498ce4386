import { parse } from 'yaml';
import { isRecord } from '@kong-workshop/common';

/** `sandbox.pat` in the text of a config.yaml; undefined when absent, empty or not YAML. */
export function patInConfig(text: string): string | undefined {
  try {
    const config: unknown = parse(text);
    const sandbox = isRecord(config) ? config.sandbox : undefined;
    const pat = isRecord(sandbox) ? sandbox.pat : undefined;
    return typeof pat === 'string' && pat ? pat : undefined;
  } catch {
    return undefined;
  }
}
