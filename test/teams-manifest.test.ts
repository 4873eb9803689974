// The Teams app package: the filled-in manifest, valid for the JSON schema of its manifestVersion as Microsoft ships it
// in @microsoft/app-manifest (checked with that package's own validator), and the icons, zipped at the root.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { commandNamed } from '../src/core/commands/usage';
import {
  buildTeamsManifest,
  buildTeamsAppPackage,
  ManifestError,
  PACKAGE_FILES,
  TEAMS_DIR,
} from '../scripts/teams-manifest';
import { colorIcon, outlineIcon } from '../scripts/teams-icons';
import { AppManifestUtils } from '@microsoft/app-manifest';

const env = { MicrosoftAppId: '2f1c9a5e-0b7d-4c1e-9f3a-6d2b8e4a7c10', PUBLIC_BASE_URL: 'https://bot.acme.test' };
const template = readFileSync(join(TEAMS_DIR, 'manifest.json'), 'utf8');

/**
 * Microsoft's problems with `manifest`: its JSON schema for the manifest's `manifestVersion`, read from the copy bundled
 * in @microsoft/app-manifest (never fetched: a test must not depend on the network), checked by that package's validator.
 */
async function officialSchemaProblems(manifest: { $schema?: string; manifestVersion?: string }): Promise<string[]> {
  const version = manifest.manifestVersion;
  expect(manifest.$schema).toBe(
    `https://developer.microsoft.com/en-us/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`,
  );
  const schemaFile = require.resolve(
    `@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`,
  );
  return AppManifestUtils.validateAgainstSchema(manifest as never, JSON.parse(readFileSync(schemaFile, 'utf8')));
}

/** Decodes the PNGs scripts/teams-icons.ts writes: 8-bit RGBA, every row with filter 0; checks each chunk's CRC on the way. */
function decodePng(png: Buffer): { width: number; height: number; rgba: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    chunks.push({ type: png.toString('ascii', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  expect(chunks[0].type).toBe('IHDR');
  expect(chunks.at(-1)!.type).toBe('IEND');
  const ihdr = chunks[0].data;
  const [width, height] = [ihdr.readUInt32BE(0), ihdr.readUInt32BE(4)];
  expect([...ihdr.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = width * 4 + 1;
  expect(raw.length).toBe(height * stride);
  const rows = Array.from({ length: height }, (_, y) => {
    expect(raw[y * stride]).toBe(0);
    return raw.subarray(y * stride + 1, (y + 1) * stride);
  });
  return { width, height, rgba: Buffer.concat(rows) };
}

describe('buildTeamsManifest', () => {
  const manifest = buildTeamsManifest(template, env) as any;

  it("is valid for Microsoft's schema of its manifestVersion and has every placeholder filled in", async () => {
    expect(template).toMatch(/\{\{MicrosoftAppId\}\}.*\{\{PUBLIC_BASE_URL\}\}/s);
    expect(await officialSchemaProblems(manifest)).toEqual([]);
    expect(JSON.stringify(manifest)).not.toMatch(/\{\{\w*\}\}/);
  });

  it("fails Microsoft's schema for what Teams refuses on upload (so the check above is not vacuous)", async () => {
    expect(await officialSchemaProblems({ ...manifest, packageName: 'io.convrs.supervisor' })).toEqual([
      expect.stringContaining('"additionalProperty":"packageName"'),
    ]);
    expect(await officialSchemaProblems({ ...manifest, name: { ...manifest.name, short: 'x'.repeat(31) } })).toEqual([
      expect.stringMatching(/^\/name\/short must NOT have more than 30 characters/),
    ]);
  });

  it('names the bot by its app id, trusts the public host, and asks for channel messages without @mention', () => {
    expect(manifest.id).toBe(env.MicrosoftAppId);
    expect(manifest.bots).toEqual([
      expect.objectContaining({
        botId: env.MicrosoftAppId,
        scopes: ['personal', 'team'],
        supportsFiles: true,
        isNotificationOnly: false,
      }),
    ]);
    expect(manifest.validDomains).toEqual(['bot.acme.test']);
    expect(manifest.developer).toMatchObject({
      websiteUrl: 'https://bot.acme.test',
      privacyUrl: 'https://bot.acme.test/privacy',
      termsOfUseUrl: 'https://bot.acme.test/terms',
    });
    expect(manifest.webApplicationInfo).toEqual({ id: env.MicrosoftAppId, resource: 'https://RscPermission' });
    expect(manifest.authorization.permissions.resourceSpecific).toEqual([
      { name: 'ChannelMessage.Read.Group', type: 'Application' },
    ]);
    expect(manifest.name.short).toBe('Convrs Supervisor');
  });

  it('lists at most 10 commands per scope, each a command of the shared grammar', () => {
    const lists: { scopes: string[]; commands: { title: string }[] }[] = manifest.bots[0].commandLists;
    expect(lists.map((l) => l.scopes)).toEqual([['personal'], ['team']]);
    for (const list of lists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const c of list.commands) expect(commandNamed(c.title)).toBe(c.title);
    }
    // Teams shows at most 10 suggestions per scope; every command works typed. The awareness commands lead: what needs
    // you now (home, coverage), what a chat is about (summary), what a channel wall is for (watch, transfer-all).
    expect(lists[0].commands.map((c) => c.title)).toEqual(
      expect.arrayContaining(['home', 'help', 'coverage', 'open', 'supervise', 'summary', 'whisper', 'transfer']),
    );
    expect(lists[1].commands.map((c) => c.title)).toEqual(
      expect.arrayContaining(['watch', 'unwatch', 'coverage', 'help', 'open', 'supervise', 'summary', 'transfer-all']),
    );
  });

  it('uses only the host name of an origin with a port or a trailing slash', () => {
    const m = buildTeamsManifest(template, { ...env, PUBLIC_BASE_URL: 'https://Bot.Acme.test:8443/' }) as any;
    expect(m.validDomains).toEqual(['bot.acme.test']);
    expect(m.developer.websiteUrl).toBe('https://bot.acme.test:8443');
  });

  it.each([
    [{ ...env, MicrosoftAppId: undefined }, /MicrosoftAppId is not set/],
    [{ ...env, MicrosoftAppId: 'my-bot' }, /MicrosoftAppId "my-bot" is not a GUID/],
    [{ ...env, PUBLIC_BASE_URL: '' }, /PUBLIC_BASE_URL is not set/],
    [{ ...env, PUBLIC_BASE_URL: 'http://bot.acme.test' }, /must use https/],
    [{ ...env, PUBLIC_BASE_URL: 'https://bot.acme.test/api' }, /origin only/],
    [{ ...env, PUBLIC_BASE_URL: 'bot.acme.test' }, /is not a URL/],
  ])('refuses %j with a message that shows the right form', (bad, message) => {
    expect(() => buildTeamsManifest(template, bad)).toThrow(ManifestError);
    expect(() => buildTeamsManifest(template, bad)).toThrow(message);
    expect(() => buildTeamsManifest(template, bad)).toThrow(/e\.g\. /);
  });

  it('lists every problem at once', () => {
    expect(() => buildTeamsManifest(template, {})).toThrow(/MicrosoftAppId is not set.*\n.*PUBLIC_BASE_URL is not set/);
  });

  it('treats an unknown placeholder in the template as a bug, not a user error', () => {
    const broken = template.replace('"1.0.0"', '"{{VERSION}}"');
    expect(() => buildTeamsManifest(broken, env)).toThrow('unknown placeholder {{VERSION}}');
    expect(() => buildTeamsManifest(broken, env)).not.toThrow(ManifestError);
  });
});

describe('the app package', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'teams-app-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('npm run manifests:teams writes the zip with the manifest and icons at its root', async () => {
    const out = join(dir, 'nested', 'teams-app.zip');
    const tsx = resolve(__dirname, '../node_modules/.bin/tsx');
    const run = spawnSync(tsx, ['scripts/teams-manifest.ts', '--out', out], {
      cwd: resolve(__dirname, '..'),
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(run.stderr).toContain(`Wrote the Teams app package to ${out}`);
    expect(run.status).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(out));
    expect(Object.keys(zip.files).sort()).toEqual([...PACKAGE_FILES].sort());
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest).toEqual(buildTeamsManifest(template, env));
    expect(await officialSchemaProblems(manifest)).toEqual([]);
    for (const icon of ['color.png', 'outline.png'])
      expect(await zip.file(icon)!.async('nodebuffer')).toEqual(readFileSync(join(TEAMS_DIR, icon)));
  });

  it('exits with 2 and the problems, writing nothing, when the environment is wrong', () => {
    const out = join(dir, 'bad.zip');
    const tsx = resolve(__dirname, '../node_modules/.bin/tsx');
    const run = spawnSync(tsx, ['scripts/teams-manifest.ts', '--out', out], {
      cwd: resolve(__dirname, '..'),
      env: { ...process.env, MicrosoftAppId: 'nope', PUBLIC_BASE_URL: 'http://x.test' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /MicrosoftAppId "nope" is not a GUID[^]*PUBLIC_BASE_URL "http:\/\/x\.test" must use https/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('packs the icons Teams requires: 192 px colour, 32 px white-on-transparent outline', async () => {
    const zip = await JSZip.loadAsync(await buildTeamsAppPackage(env));
    const color = decodePng(await zip.file('color.png')!.async('nodebuffer'));
    const outline = decodePng(await zip.file('outline.png')!.async('nodebuffer'));
    expect([color.width, color.height, outline.width, outline.height]).toEqual([192, 192, 32, 32]);
    let drawn = 0;
    for (let i = 0; i < outline.rgba.length; i += 4) {
      const [r, g, b, a] = outline.rgba.subarray(i, i + 4);
      if (a > 0) expect([r, g, b]).toEqual([255, 255, 255]);
      if (a > 0) drawn++;
    }
    expect(drawn).toBeGreaterThan(100);
    expect(new Set(Array.from({ length: color.rgba.length / 4 }, (_, i) => color.rgba[i * 4 + 3]))).toEqual(
      new Set([255]),
    );
  });

  it('commits the icons scripts/teams-icons.ts draws', () => {
    expect(decodePng(readFileSync(join(TEAMS_DIR, 'color.png')))).toEqual(decodePng(colorIcon()));
    expect(decodePng(readFileSync(join(TEAMS_DIR, 'outline.png')))).toEqual(decodePng(outlineIcon()));
  });
});
