import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

/**
 * The data a developer.konghq.com page reads besides itself: `app/_data/how-tos/config.yaml`
 * (validation defaults), `app/_data/entity_examples` (what `prereqs.entities` names), and
 * `app/_includes` (what `{% include %}` pulls in). Either a site checkout (its root holds `app/`)
 * or the corpus's flattened copy (`_how-tos-config.yaml` and `_data_entity_examples/` beside the page).
 */
export interface SiteData {
  /** Where the data was found, for the report. */
  readonly root: string | undefined;
  validationDefaults(kind: string): Readonly<Record<string, unknown>>;
  /** An entity example by product, kind folder and name, e.g. gateway/services/example-service. */
  entityExample(product: string, kind: string, name: string): Record<string, unknown> | undefined;
  /** The text of an include (`how-tos/steps/ping-gateway.md`), when the checkout has it. */
  include(path: string): string | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Finds the site data for a page: the given checkout, or the nearest `app/` above the page, or the flattened copy
 * beside it.
 */
export function findSiteData(pagePath: string, site: string | undefined): SiteData {
  const candidates: { data: string; includes: string | undefined; config: string }[] = [];
  if (site) candidates.push(layoutOf(resolve(site)));
  let dir = dirname(resolve(pagePath));
  for (let depth = 0; depth < 8; depth++) {
    candidates.push(layoutOf(dir));
    const flat = {
      data: join(dir, '_data_entity_examples'),
      includes: undefined,
      config: join(dir, '_how-tos-config.yaml'),
    };
    candidates.push({ ...flat, data: dir });
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const found = candidates.find((c) => existsSync(c.config));
  return new FileSiteData(found);
}

function layoutOf(root: string): { data: string; includes: string | undefined; config: string } {
  const app = existsSync(join(root, 'app')) ? join(root, 'app') : root;
  return {
    data: join(app, '_data'),
    includes: join(app, '_includes'),
    config: join(app, '_data', 'how-tos', 'config.yaml'),
  };
}

class FileSiteData implements SiteData {
  readonly root: string | undefined;
  private readonly defaults = new Map<string, Record<string, unknown>>();
  private readonly entityDirs: string[];
  private readonly includesDir: string | undefined;

  constructor(layout: { data: string; includes: string | undefined; config: string } | undefined) {
    this.root = layout ? dirname(layout.config) : undefined;
    this.includesDir = layout?.includes;
    this.entityDirs = layout ? [join(layout.data, 'entity_examples'), join(layout.data, '_data_entity_examples')] : [];
    if (!layout) return;
    const config: unknown = parseYaml(readFileSync(layout.config, 'utf8'));
    const list = isRecord(config) && Array.isArray(config.validations) ? config.validations : [];
    for (const entry of list) if (isRecord(entry) && typeof entry.id === 'string') this.defaults.set(entry.id, entry);
  }

  validationDefaults(kind: string): Readonly<Record<string, unknown>> {
    // config.yaml names request-check's defaults `request`, so Kong's own harness never reads
    // them; the page's meaning (a 200) is the same, so both ids are honoured here.
    const own = this.defaults.get(kind) ?? (kind === 'request-check' ? this.defaults.get('request') : undefined) ?? {};
    const { id: _id, ...rest } = own;
    return rest;
  }

  entityExample(product: string, kind: string, name: string): Record<string, unknown> | undefined {
    for (const dir of this.entityDirs) {
      for (const ext of ['yml', 'yaml']) {
        const path = join(dir, product, kind, `${name}.${ext}`);
        if (!existsSync(path)) continue;
        const value: unknown = parseYaml(readFileSync(path, 'utf8'));
        return isRecord(value) ? value : undefined;
      }
    }
    return undefined;
  }

  include(path: string): string | undefined {
    if (!this.includesDir) return undefined;
    const clean = path.replace(/^\/+/, '');
    for (const candidate of [clean, clean.endsWith('.md') ? clean : `${clean}.md`]) {
      const full = join(this.includesDir, candidate);
      if (full.startsWith(this.includesDir) && existsSync(full)) return readFileSync(full, 'utf8');
    }
    return undefined;
  }
}

/** `{{site.x}}` names the pages use, as the site renders them (app/_config.yml / jekyll.yml). */
const SITE_NAMES: Readonly<Record<string, string>> = {
  base_gateway: 'Kong Gateway',
  ee_product_name: 'Kong Gateway Enterprise',
  ce_product_name: 'Kong Gateway (OSS)',
  konnect_short_name: 'Konnect',
  konnect_product_name: 'Kong Konnect',
  konnect_saas: 'Kong Konnect',
  konnect_catalog: 'Catalog',
  kic_product_name: 'Kong Ingress Controller',
  operator_product_name: 'Kong Operator',
  operator_product_name_short: 'Kong Operator',
  gateway_operator_product_name: 'Kong Gateway Operator',
  mesh_product_name: 'Kong Mesh',
  insomnia_product_name: 'Insomnia',
  dev_portal: 'Dev Portal',
  ai_gateway: 'AI Gateway',
  ai_gateway_name: 'Kong AI Gateway',
  event_gateway: 'Event Gateway',
  event_gateway_short: 'Event Gateway',
  identity: 'Kong Identity',
  metering_and_billing: 'Metering & Billing',
  service_catalog_name: 'Service Catalog',
  kong_identity: 'Kong Identity',
  deck_product_name: 'decK',
  konnect_control_plane: 'Control Plane',
};

/** Replaces `{{site.name}}` (and `{{ site.name }}`); unknown names become words and are reported. */
export function resolveSiteNames(text: string, unknown: Set<string>): string {
  return text.replace(/\{\{\s*site\.([a-zA-Z0-9_.]+)\s*\}\}/g, (_match, name: string) => {
    const known = SITE_NAMES[name];
    if (known !== undefined) return known;
    unknown.add(name);
    return name.replace(/_/g, ' ');
  });
}
