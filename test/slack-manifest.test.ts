// The Slack app manifest: built for this deployment's origin, with the URLs, scopes, command and shortcut the bot serves.
import { readFileSync } from 'node:fs';
import { CALLBACK } from '../adapters/slack/render/actions';
import { buildSlackManifest, ManifestError, MANIFEST_PATH, PLACEHOLDER_ORIGIN } from '../scripts/slack-manifest';

const yamlText = readFileSync(MANIFEST_PATH, 'utf8');
const base = 'https://bot.acme.test';

/** Every string in the manifest that is a URL. */
function urls(node: unknown): string[] {
  if (typeof node === 'string') return /^https?:\/\//.test(node) ? [node] : [];
  if (node && typeof node === 'object') return Object.values(node).flatMap(urls);
  return [];
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
    expect(urls(buildSlackManifest(yamlText, 'https://bot.acme.test:8443/'))).toContain('https://bot.acme.test:8443/slack/events');
  });

  it('declares /convrs, the message shortcut and the app home', () => {
    expect(manifest._metadata.major_version).toBe(2);
    expect(manifest.display_information.name).toBe('Convrs Supervisor');
    expect(manifest.features.slash_commands).toEqual([expect.objectContaining({ command: '/convrs', should_escape: false })]);
    expect(manifest.features.shortcuts).toEqual([expect.objectContaining({ type: 'message', name: 'Chat actions', callback_id: CALLBACK.shortcut })]);
    expect(manifest.features.app_home).toEqual({ home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false });
    expect(manifest.features.bot_user).toEqual({ display_name: 'convrs', always_online: true });
    expect(manifest.settings).toMatchObject({ org_deploy_enabled: false, socket_mode_enabled: false, token_rotation_enabled: false });
  });

  it('asks for the scopes and events the bot uses, and not chat:write.public', () => {
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    for (const s of ['chat:write', 'commands', 'im:history', 'im:write', 'im:read', 'channels:history', 'groups:history', 'channels:read', 'groups:read', 'users:read', 'users:read.email', 'reactions:write', 'files:write']) {
      expect(scopes).toContain(s);
    }
    expect(scopes).not.toContain('chat:write.public');
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_home_opened', 'message.im', 'message.channels', 'message.groups']);
  });

  it.each([undefined, '', 'bot.acme.test', 'http://bot.acme.test', 'https://bot.acme.test/slack', 'https://bot.acme.test?x=1', 'https://u:p@bot.acme.test'])(
    'refuses PUBLIC_BASE_URL %j with a message that shows the right form',
    (bad) => {
      expect(() => buildSlackManifest(yamlText, bad)).toThrow(ManifestError);
      expect(() => buildSlackManifest(yamlText, bad)).toThrow(/PUBLIC_BASE_URL.*https:\/\/bot\.example\.com/);
    },
  );
});
