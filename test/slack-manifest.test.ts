// The Slack app manifest: built for this deployment's origin, with the URLs, scopes, command and shortcut the bot serves;
// within the limits Slack documents, and of the type @slack/web-api publishes for apps.manifest.validate/create.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { CALLBACK } from '../adapters/slack/render/actions';
import {
  buildSlackManifest,
  buildSlackSocketModeManifest,
  ManifestError,
  MANIFEST_PATH,
  PLACEHOLDER_ORIGIN,
} from '../scripts/slack-manifest';

const yamlText = readFileSync(MANIFEST_PATH, 'utf8');
const base = 'https://bot.acme.test';

/** Every string in the manifest that is a URL. */
function urls(node: unknown): string[] {
  if (typeof node === 'string') return /^https?:\/\//.test(node) ? [node] : [];
  if (node && typeof node === 'object') return Object.values(node).flatMap(urls);
  return [];
}

/**
 * What TypeScript says when `value` is given @slack/web-api's `Manifest` type (the argument of apps.manifest.validate):
 * Slack's own SDK types, so a misspelt key, a wrong value type, an unknown scope or event or shortcut type is caught.
 */
function slackManifestTypeProblems(value: unknown): string[] {
  const file = join(__dirname, 'slack-manifest.typecheck.ts');
  const source = `import type { AppsManifestValidateArguments } from '@slack/web-api';\nexport const manifest: AppsManifestValidateArguments['manifest'] = ${JSON.stringify(value, null, 2)};\n`;
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    esModuleInterop: true,
    types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  const [getSourceFile, fileExists, readFile] = [
    host.getSourceFile.bind(host),
    host.fileExists.bind(host),
    host.readFile.bind(host),
  ];
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => name === file || fileExists(name);
  host.readFile = (name) => (name === file ? source : readFile(name));
  const program = ts.createProgram([file], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) =>
        `${d.file?.fileName === file ? '' : `${d.file?.fileName ?? ''}: `}${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
    );
}

// Read loosely, as Slack documents it: a wrong path fails the assertion that uses it.
const manifest = buildSlackManifest(yamlText, base) as any;

describe('Slack app manifest', () => {
  it('sends every request to /slack/events on the public origin', () => {
    expect(yamlText).toContain(PLACEHOLDER_ORIGIN);
    const all = urls(manifest);
    expect(all).toHaveLength(3);
    expect(new Set(all)).toEqual(new Set([`${base}/slack/events`]));
    expect(manifest.settings.event_subscriptions.request_url).toBe(`${base}/slack/events`);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: `${base}/slack/events` });
    expect(manifest.features.slash_commands[0].url).toBe(`${base}/slack/events`);
    expect(JSON.stringify(manifest)).not.toContain('YOUR-PUBLIC-HOST');
  });

  it('accepts an origin with a port or a trailing slash', () => {
    expect(urls(buildSlackManifest(yamlText, 'https://bot.acme.test:8443/'))).toContain(
      'https://bot.acme.test:8443/slack/events',
    );
  });

  it('declares /convrs, the message shortcut and the app home', () => {
    expect(manifest._metadata.major_version).toBe(2);
    expect(manifest.display_information.name).toBe('Convrs Supervisor');
    expect(manifest.features.slash_commands).toEqual([
      expect.objectContaining({ command: '/convrs', should_escape: false }),
    ]);
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({ type: 'message', name: 'Chat actions', callback_id: CALLBACK.shortcut }),
    ]);
    expect(manifest.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
    expect(manifest.features.bot_user).toEqual({ display_name: 'convrs', always_online: true });
    expect(manifest.settings).toMatchObject({
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    });
  });

  it('asks for the scopes and events the bot uses, and not chat:write.public', () => {
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    for (const s of [
      'chat:write',
      'commands',
      'im:history',
      'im:write',
      'im:read',
      'channels:history',
      'groups:history',
      'channels:read',
      'groups:read',
      'users:read',
      'users:read.email',
      'reactions:write',
      'files:write',
    ]) {
      expect(scopes).toContain(s);
    }
    expect(scopes).not.toContain('chat:write.public');
    expect(manifest.settings.event_subscriptions.bot_events).toEqual([
      'app_home_opened',
      'message.im',
      'message.channels',
      'message.groups',
    ]);
  });

  it.each([
    undefined,
    '',
    'bot.acme.test',
    'http://bot.acme.test',
    'https://bot.acme.test/slack',
    'https://bot.acme.test?x=1',
    'https://u:p@bot.acme.test',
  ])('refuses PUBLIC_BASE_URL %j with a message that shows the right form', (bad) => {
    expect(() => buildSlackManifest(yamlText, bad)).toThrow(ManifestError);
    expect(() => buildSlackManifest(yamlText, bad)).toThrow(/PUBLIC_BASE_URL.*https:\/\/bot\.example\.com/);
  });

  it("has the type Slack's SDK publishes for a manifest (@slack/web-api, apps.manifest.validate)", () => {
    expect(slackManifestTypeProblems(manifest)).toEqual([]);
  });

  it('that type check catches what Slack would refuse (so it is not vacuous)', () => {
    const broken = structuredClone(manifest);
    broken.display_information.nmae = 'typo';
    broken.features.shortcuts[0].type = 'thread';
    broken.oauth_config.scopes.bot.push('chat:writes');
    const problems = slackManifestTypeProblems(broken).join('\n');
    expect(problems).toMatch(/nmae.*does not exist in type 'ManifestDisplayInformation'/);
    expect(problems).toMatch(/"thread"/);
    expect(problems).toMatch(/"chat:writes"/);
  });

  // Limits from Slack's app manifest reference (docs.slack.dev/reference/app-manifest) as @slack/web-api's Manifest
  // type documents them; long_description's minimum of 174 characters is from the same reference page.
  it("keeps within Slack's documented manifest limits", () => {
    const { display_information: display, features, oauth_config: oauth, settings } = manifest;
    expect(display.name.length).toBeLessThanOrEqual(35);
    expect(display.description.length).toBeLessThanOrEqual(140);
    expect(display.long_description.length).toBeGreaterThanOrEqual(174);
    expect(display.long_description.length).toBeLessThanOrEqual(4000);
    expect(display.background_color).toMatch(/^#(?:[0-9a-fA-F]{3}){1,2}$/);
    expect(features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
    expect(features.slash_commands.length).toBeLessThanOrEqual(50);
    for (const c of features.slash_commands) {
      expect(c.command).toMatch(/^\/.{1,31}$/);
      expect(c.description.length).toBeLessThanOrEqual(2000);
      expect((c.usage_hint ?? '').length).toBeLessThanOrEqual(1000);
      expect(c.url).toMatch(/^https:\/\//);
    }
    expect(features.shortcuts.length).toBeLessThanOrEqual(10);
    for (const s of features.shortcuts) {
      expect(s.callback_id.length).toBeLessThanOrEqual(255);
      expect(s.description.length).toBeLessThanOrEqual(150);
    }
    expect(oauth.scopes.bot.length).toBeLessThanOrEqual(255);
    expect(settings.event_subscriptions.bot_events.length).toBeLessThanOrEqual(100);
  });

  describe('the Socket Mode variant (SLACK_APP_TOKEN, no public URL)', () => {
    const socket = buildSlackSocketModeManifest(yamlText) as any;

    it('enables Socket Mode and names no URL, needing no PUBLIC_BASE_URL', () => {
      expect(urls(socket)).toEqual([]);
      expect(JSON.stringify(socket)).not.toContain('YOUR-PUBLIC-HOST');
      expect(socket.settings).toMatchObject({
        socket_mode_enabled: true,
        org_deploy_enabled: false,
        token_rotation_enabled: false,
      });
      expect(socket.settings.interactivity).toEqual({ is_enabled: true });
      expect(socket.settings.event_subscriptions).toEqual({
        bot_events: manifest.settings.event_subscriptions.bot_events,
      });
      expect(socket.features.slash_commands).toEqual([expect.not.objectContaining({ url: expect.anything() })]);
    });

    it('differs from the HTTP manifest only there', () => {
      const http = structuredClone(manifest);
      for (const c of http.features.slash_commands) delete c.url;
      delete http.settings.event_subscriptions.request_url;
      delete http.settings.interactivity.request_url;
      http.settings.socket_mode_enabled = true;
      expect(socket).toEqual(http);
    });

    it("has the type Slack's SDK publishes for a manifest", () => {
      expect(slackManifestTypeProblems(socket)).toEqual([]);
    });
  });
});
