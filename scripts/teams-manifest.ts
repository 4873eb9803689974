// `npm run manifests:teams [-- --out <file>]`: the Teams app package to upload (Teams → Apps → Manage your apps →
// Upload an app): manifest.json filled in with this deployment's app id and host, and the two icons, zipped.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import dotenv from 'dotenv';
import JSZip from 'jszip';

export const TEAMS_DIR = resolve(__dirname, '../manifests/teams');
export const DEFAULT_OUT = resolve(__dirname, '../dist/teams-app.zip');
/** What Teams expects at the root of the zip, and nothing else. */
export const PACKAGE_FILES = ['manifest.json', 'color.png', 'outline.png'] as const;

/** A problem the person running the script can fix (exit code 2), as opposed to a bug. */
export class ManifestError extends Error {}

export interface TeamsManifestEnv {
  MicrosoftAppId?: string;
  PUBLIC_BASE_URL?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function appIdProblem(value: string): string | null {
  const example =
    'e.g. MicrosoftAppId=2f1c9a5e-0b7d-4c1e-9f3a-6d2b8e4a7c10, the Application (client) ID of the bot in Azure';
  if (!value) return `MicrosoftAppId is not set: the Teams app is the bot's Azure registration (${example}).`;
  return GUID.test(value) ? null : `MicrosoftAppId "${value}" is not a GUID (${example}).`;
}

/** The https origin, or why PUBLIC_BASE_URL is not one. */
function publicOrigin(value: string): URL | string {
  const example = 'e.g. PUBLIC_BASE_URL=https://bot.example.com';
  if (!value) return `PUBLIC_BASE_URL is not set: Teams needs the public https origin of this bot (${example}).`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `PUBLIC_BASE_URL "${value}" is not a URL (${example}).`;
  }
  if (url.protocol !== 'https:') return `PUBLIC_BASE_URL "${value}" must use https (${example}).`;
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    return `PUBLIC_BASE_URL "${value}" must be an origin only, without path, query or credentials (${example}).`;
  }
  return url;
}

function fill(node: unknown, values: Record<string, string>): unknown {
  if (typeof node === 'string') {
    return node.replace(/\{\{(\w+)\}\}/g, (placeholder, name: string) => {
      if (!Object.hasOwn(values, name)) throw new Error(`manifest.json has an unknown placeholder ${placeholder}`);
      return values[name];
    });
  }
  if (Array.isArray(node)) return node.map((n) => fill(n, values));
  if (node && typeof node === 'object')
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v, values)]));
  return node;
}

/**
 * The manifest in `template` with `{{MicrosoftAppId}}`, `{{PUBLIC_BASE_URL}}` and `{{PUBLIC_HOST}}` (the host name of
 * PUBLIC_BASE_URL) filled in; throws one ManifestError listing every problem with `env`.
 */
export function buildTeamsManifest(template: string, env: TeamsManifestEnv): Record<string, unknown> {
  const appId = env.MicrosoftAppId?.trim() ?? '';
  const origin = publicOrigin(env.PUBLIC_BASE_URL?.trim() ?? '');
  const problems = [appIdProblem(appId), typeof origin === 'string' ? origin : null].filter(
    (p): p is string => p !== null,
  );
  if (problems.length || typeof origin === 'string') throw new ManifestError(problems.join('\n'));
  const values = { MicrosoftAppId: appId, PUBLIC_BASE_URL: origin.origin, PUBLIC_HOST: origin.hostname };
  return fill(JSON.parse(template), values) as Record<string, unknown>;
}

/** The app package: the filled-in manifest and the icons at the root of a zip. */
export async function buildTeamsAppPackage(env: TeamsManifestEnv, dir = TEAMS_DIR): Promise<Buffer> {
  const manifest = buildTeamsManifest(readFileSync(resolve(dir, 'manifest.json'), 'utf8'), env);
  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  for (const icon of ['color.png', 'outline.png']) zip.file(icon, readFileSync(resolve(dir, icon)));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const USAGE =
  'Usage: npm run manifests:teams [-- --out <file.zip>]   (reads MicrosoftAppId and PUBLIC_BASE_URL from the environment or .env)';

async function main(args: string[]): Promise<number> {
  dotenv.config({ quiet: true });
  const [flag, out, ...extra] = args;
  if ((flag !== undefined && (flag !== '--out' || !out)) || extra.length) {
    console.error(USAGE);
    return 2;
  }
  try {
    const zip = await buildTeamsAppPackage(process.env);
    const file = resolve(out ?? DEFAULT_OUT);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, zip);
    console.error(
      `Wrote the Teams app package to ${file}. Upload it in Teams: Apps → Manage your apps → Upload an app.`,
    );
    return 0;
  } catch (e) {
    if (!(e instanceof ManifestError)) throw e;
    console.error(e.message);
    return 2;
  }
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
