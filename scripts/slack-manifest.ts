// `npm run manifests:slack [-- --out <file>]`: the Slack app manifest with this deployment's PUBLIC_BASE_URL, as JSON
// (what Slack's "Create New App → From an app manifest" accepts); `-- --socket-mode`: the variant without any URL.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import dotenv from 'dotenv';
import { parse } from 'yaml';

export const MANIFEST_PATH = resolve(__dirname, '../manifests/slack/manifest.yaml');
/** The origin the committed manifest uses wherever this deployment's URL goes. */
export const PLACEHOLDER_ORIGIN = 'https://YOUR-PUBLIC-HOST';

/** A problem the person running the script can fix (exit code 2), as opposed to a bug. */
export class ManifestError extends Error {}

/** The https origin PUBLIC_BASE_URL names, e.g. "https://bot.example.com"; Slack calls only public https URLs. */
export function publicOrigin(value: string | undefined): string {
  const example = 'e.g. PUBLIC_BASE_URL=https://bot.example.com';
  const text = value?.trim();
  if (!text)
    throw new ManifestError(
      `PUBLIC_BASE_URL is not set: Slack needs the public https origin of this bot (${example}).`,
    );
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ManifestError(`PUBLIC_BASE_URL "${text}" is not a URL (${example}).`);
  }
  if (url.protocol !== 'https:')
    throw new ManifestError(`PUBLIC_BASE_URL "${text}" must use https: Slack only calls https URLs (${example}).`);
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new ManifestError(
      `PUBLIC_BASE_URL "${text}" must be an origin only, without path, query or credentials (${example}); the bot serves /slack/events itself.`,
    );
  }
  return url.origin;
}

function withOrigin(node: unknown, origin: string): unknown {
  if (typeof node === 'string') return node.replaceAll(PLACEHOLDER_ORIGIN, origin);
  if (Array.isArray(node)) return node.map((n) => withOrigin(n, origin));
  if (node && typeof node === 'object')
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withOrigin(v, origin)]));
  return node;
}

/** The manifest in `yamlText` with every placeholder URL pointed at `publicBaseUrl`; throws ManifestError for a bad URL. */
export function buildSlackManifest(yamlText: string, publicBaseUrl: string | undefined): Record<string, unknown> {
  const origin = publicOrigin(publicBaseUrl);
  return withOrigin(parse(yamlText), origin) as Record<string, unknown>;
}

/**
 * The Socket Mode variant (SLACK_APP_TOKEN): events, interactivity and the command arrive over the app's own
 * connection, so the manifest names no URL and needs no PUBLIC_BASE_URL.
 */
export function buildSlackSocketModeManifest(yamlText: string): Record<string, unknown> {
  const m = parse(yamlText) as { features: { slash_commands: { url?: string }[] }; settings: Record<string, any> };
  for (const c of m.features.slash_commands) delete c.url;
  delete m.settings.event_subscriptions.request_url;
  delete m.settings.interactivity.request_url;
  m.settings.socket_mode_enabled = true;
  return m;
}

const USAGE =
  'Usage: npm run manifests:slack [-- [--socket-mode] [--out <file>]]   (reads PUBLIC_BASE_URL from the environment or .env; --socket-mode needs none)';

function main(args: string[]): number {
  dotenv.config({ quiet: true });
  const socketMode = args.includes('--socket-mode');
  const [flag, out, ...extra] = args.filter((a) => a !== '--socket-mode');
  if ((flag !== undefined && (flag !== '--out' || !out)) || extra.length) {
    console.error(USAGE);
    return 2;
  }
  try {
    const yamlText = readFileSync(MANIFEST_PATH, 'utf8');
    const manifest = socketMode
      ? buildSlackSocketModeManifest(yamlText)
      : buildSlackManifest(yamlText, process.env.PUBLIC_BASE_URL);
    const json = `${JSON.stringify(manifest, null, 2)}\n`;
    if (out) {
      writeFileSync(out, json);
      console.error(`Wrote the Slack app manifest${socketMode ? ' (Socket Mode)' : ''} to ${out}.`);
    } else {
      process.stdout.write(json);
    }
    return 0;
  } catch (e) {
    if (!(e instanceof ManifestError)) throw e;
    console.error(e.message);
    return 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
