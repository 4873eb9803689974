// Help covers every command of the grammar, and every example in it parses to its own command.
import { parseCommand } from './grammar';
import type { CommandName } from './grammar';
import {
  COMMANDS,
  commandNamed,
  helpView,
  howToWhisper,
  nearestCommand,
  unknownCommandNotice,
  usageOf,
  whisperPlace,
} from './usage';

// A compile-time list: adding a command to the Command union without listing it here fails typecheck.
const ALL: Record<CommandName, true> = {
  help: true,
  home: true,
  coverage: true,
  'transfer-all': true,
  summary: true,
  suggest: true,
  supervise: true,
  unsupervise: true,
  watch: true,
  unwatch: true,
  whisper: true,
  transfer: true,
  finish: true,
  score: true,
  claim: true,
  open: true,
  chats: true,
  agents: true,
  report: true,
  calibration: true,
};

describe('help', () => {
  it('lists every command once, each with an example that parses to that command', () => {
    const help = helpView();
    expect(help.entries).toHaveLength(Object.keys(ALL).length);
    for (const name of Object.keys(ALL) as CommandName[]) {
      const entry = help.entries.find((e) => e.usage.split(' ')[0] === name);
      expect(entry).toBeDefined();
      expect(entry!.description).toMatch(/\.$/);
      expect(parseCommand(entry!.example).name).toBe(name);
    }
  });

  it('explains one command for `help <command>`, aliases included', () => {
    expect(helpView(undefined, 'transfer')).toEqual({ title: 'Help: transfer', entries: [COMMANDS.transfer] });
    expect(helpView(undefined, 'stop').entries).toEqual([COMMANDS.unsupervise]);
  });

  it("a misspelt topic gets the nearest command's help", () => {
    expect(helpView(undefined, 'summery')).toEqual({
      title: 'Help: summary',
      entries: [COMMANDS.summary],
      lead: 'There is no command `summery`. Did you mean `summary`?',
    });
  });

  it('lists everything with a lead for an unknown topic or command', () => {
    const topic = helpView(undefined, 'dance');
    expect(topic.lead).toBe('There is no command `dance`. These are the commands:');
    expect(topic.entries).toHaveLength(Object.keys(ALL).length);
    expect(helpView("I don't know the command `foo`.").lead).toBe("I don't know the command `foo`.");
    expect(helpView()).not.toHaveProperty('lead');
  });

  it('usageOf shows usage and example', () => {
    expect(usageOf('score')).toBe('Usage: score <chat>, e.g. score C-1042.');
  });

  it('knows command words case-insensitively', () => {
    expect(commandNamed('Chats')).toBe('chats');
    expect(commandNamed('toString')).toBeUndefined();
  });
});

describe('an unknown command', () => {
  it.each([
    ['supervize', 'supervise'],
    ['Superviser', 'supervise'],
    ['hlep', 'help'],
    ['agent', 'agents'],
    ['chat', 'chats'],
    ['trasnfer', 'transfer'],
    ['finsh', 'finish'],
    ['sup', 'supervise'],
    ['rep', 'report'],
    ['unwach', 'unwatch'],
    ['hello', 'help'],
    ['stpo', 'unsupervise'],
    ['calibrate', 'calibration'],
    ['suggestion', 'suggest'],
    ['reports', 'report'],
  ])('%s → %s', (word, name) => expect(nearestCommand(word)).toBe(name));

  it.each(['frobnicate', 'dance', 'x', 'thanks', 'list', 'a'.repeat(200)])('%s is like no command', (word) =>
    expect(nearestCommand(word)).toBeUndefined(),
  );

  it('answers in two short lines: the guess with the rest of the line, and a pointer to help (not the whole help)', () => {
    expect(unknownCommandNotice('supervize', ' C-1042')).toEqual({
      text: "I don't know the command `supervize`. Did you mean `supervise C-1042`?",
      hint: 'Type `help` for the list of commands, or `help <command>` for one.',
    });
    expect(unknownCommandNotice('frobnicate', ' C-1').text).toBe("I don't know the command `frobnicate`.");
    expect(unknownCommandNotice('chat', ` ${'x'.repeat(100)}`).text).toBe(
      "I don't know the command `chat`. Did you mean `chats`?",
    );
  });
});

describe('how to whisper, by surface', () => {
  it('knows the place: terminal, a thread (Slack, a Teams channel) or the live card (a Teams personal chat)', () => {
    expect(whisperPlace('terminal', false)).toBe('terminal');
    expect(whisperPlace('slack', false)).toBe('thread');
    expect(whisperPlace('teams', true)).toBe('thread');
    expect(whisperPlace('teams', false)).toBe('live-card');
    expect(howToWhisper('terminal', 'C-7')).toBe('type `>C-7 text`');
  });

  it("help's whisper entry says how to whisper there, and only there", () => {
    const whisper = (place?: Parameters<typeof helpView>[2]) =>
      helpView(undefined, undefined, place).entries.find((e) => e.usage.startsWith('whisper'))!.description;
    expect(whisper()).toBe(COMMANDS.whisper.description);
    expect(whisper('terminal')).toContain('>C-1042 text');
    expect(whisper('live-card')).toContain('Whisper box');
    expect(whisper('live-card')).not.toContain('thread');
    expect(whisper('thread')).toContain("reply in the chat's thread");
    expect(helpView(undefined, 'whisper', 'terminal').entries[0].description).toContain('>C-1042 text');
  });
});
