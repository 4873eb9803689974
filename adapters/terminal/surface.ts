// The terminal surface: threads are sections of the terminal, each line prefixed with its chat ref.
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { AppError } from '../../src/core/errors';
import type { Requester, SupervisorSurface, ThreadTarget } from '../../src/core/ports';
import type { AlertView, ChartView, ChatCardView, FileView, MessageLineView, ReplyView } from '../../src/core/views';
import { CHART_FAILED, chartFileName, drawChart, type ChartRenderer } from '../charts';
import { draftCommandLine, renderAlert, renderCard, renderFileNotice, renderLines, renderReply } from './render';
import { paint } from './render-style';

const SILENT_LOG = pino({ level: 'silent' });

export interface TerminalRecord {
  kind: 'thread' | 'card' | 'lines' | 'reply' | 'file' | 'ack' | 'alert';
  destination: string;
  threadId?: number;
  chatRef?: string;
  postId?: string;
  lines?: MessageLineView[];
  card?: ChatCardView;
  view?: ReplyView;
  text: string;
}

export interface TerminalSurfaceOptions {
  out: Writable;
  /** Terminal users and their emails (the demo has one: the person at the keyboard). */
  users: Record<string, string>;
  exportDir: string;
  color?: boolean;
  /** Keep a structured record of everything shown (tests read it). */
  record?: boolean;
  /**
   * A file every post is appended to (JSON lines, written before the post counts as made). It is this
   * surface's memory across restarts, so `findPost` can tell whether an unrecorded post landed.
   */
  journal?: string;
  /** Where a failed chart is logged (no data in it); silent when not given. */
  log?: Logger;
  /** Draws a list reply's chart (tests swap in one that fails). */
  charts?: ChartRenderer;
  /**
   * Puts a line on the prompt for the user to edit before Enter (readline's `rl.write`): a suggested whisper arrives
   * as `whisper C-1042 <draft>`, sent only when they press Enter. Absent (a pipe): the line is only printed.
   */
  prefill?: (line: string) => void;
}

export interface JournalEntry {
  key: string;
  postId: string;
  threadId: number;
  chatRef: string;
  destination: string;
  texts: string[];
}

export class TerminalSurface implements SupervisorSurface {
  readonly name = 'terminal' as const;
  readonly maxLinesPerPost = 20;
  readonly records: TerminalRecord[] = [];
  private posts = 0;
  /** Ids of this run's posts start with it: a restarted process (same pid in a container) never repeats an id. */
  private readonly run = randomBytes(3).toString('hex');
  private readonly keys = new Map<string, string>();
  /** The card last printed per thread. */
  private readonly shownCards = new Map<number, string>();
  /** The alert last printed per post. */
  private readonly shownAlerts = new Map<string, string>();
  /** Why the output cannot be written any more (a closed pipe), once it happened. */
  private outputFailed: string | null = null;

  constructor(private readonly o: TerminalSurfaceOptions) {
    // A closed pipe (EPIPE) is an 'error' event: unheard, it would crash the process; heard, posts are refused.
    o.out.on('error', (e: Error) => {
      this.outputFailed = e.message;
    });
    if (o.journal && existsSync(o.journal)) {
      for (const line of readFileSync(o.journal, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        const e = JSON.parse(line) as JournalEntry;
        this.keys.set(e.key, e.postId);
      }
    }
  }

  postBudget(): { perSecond: number; burst: number } {
    return { perSecond: 50, burst: 50 };
  }

  async openPersonalDestination(userId: string): Promise<string> {
    return `dm:${userId}`;
  }

  async startThread(target: ThreadTarget, card: ChatCardView): Promise<{ rootPostId: string }> {
    const rootPostId = `root-${target.threadId}`;
    const text = renderCard(card, this.style(), target.kind === 'team');
    this.shownCards.set(target.threadId, text);
    this.show({
      kind: 'thread',
      destination: target.destination,
      threadId: target.threadId,
      chatRef: card.ref,
      postId: rootPostId,
      card,
      text,
    });
    return { rootPostId };
  }

  async updateCard(target: ThreadTarget, card: ChatCardView): Promise<void> {
    const text = renderCard(card, this.style(), target.kind === 'team');
    // A terminal cannot edit in place: the card is printed again, but only when what it shows changed.
    const same = this.shownCards.get(target.threadId) === text;
    this.shownCards.set(target.threadId, text);
    this.show(
      { kind: 'card', destination: target.destination, threadId: target.threadId, chatRef: card.ref, card, text },
      !same,
    );
  }

  async postLines(target: ThreadTarget, lines: MessageLineView[], key: string): Promise<string> {
    this.ensureOpen();
    const postId = `post-${this.run}-${++this.posts}`;
    if (this.o.journal) {
      const entry: JournalEntry = {
        key,
        postId,
        threadId: target.threadId,
        chatRef: target.chatRef,
        destination: target.destination,
        texts: lines.map((l) => l.text),
      };
      appendFileSync(this.o.journal, `${JSON.stringify(entry)}\n`);
    }
    this.keys.set(key, postId);
    // A chat may be on screen twice (supervised, and on a watched wall): wall lines say so.
    const label = target.kind === 'team' ? `${target.chatRef} wall` : target.chatRef;
    this.show({
      kind: 'lines',
      destination: target.destination,
      threadId: target.threadId,
      chatRef: target.chatRef,
      postId,
      lines,
      text: renderLines(label, lines, this.style()),
    });
    return postId;
  }

  async findPost(_target: ThreadTarget, key: string): Promise<string | null> {
    return this.keys.get(key) ?? null;
  }

  async reply(to: Requester, view: ReplyView): Promise<void> {
    let text = renderReply(view, this.style());
    if (view.type === 'list' && view.chart) {
      const { chart, ...table } = view;
      text = `${renderReply(table, this.style())}\n${paint(this.style(), 'dim', `📈 ${await this.writeChart(chart)}`)}`;
    }
    this.show({ kind: 'reply', destination: to.destination, view, text });
    if (view.type === 'whisper-draft') this.o.prefill?.(draftCommandLine(view.draft));
  }

  /** A terminal shows no pictures: the PNG goes where exports go, and the line under the table names its path. */
  private async writeChart(chart: ChartView): Promise<string> {
    const png = await drawChart(chart, this.o.log ?? SILENT_LOG, this.o.charts);
    if (!png) return CHART_FAILED;
    const dir = resolve(this.o.exportDir);
    await mkdir(dir, { recursive: true });
    const path = join(dir, chartFileName(chart));
    await writeFile(path, png);
    return `Chart: ${path}`;
  }

  async deliverFile(to: Requester, file: FileView): Promise<string> {
    const dir = resolve(this.o.exportDir);
    await mkdir(dir, { recursive: true });
    const path = join(dir, file.name);
    await writeFile(path, file.content, 'utf8');
    // Recorded, not printed: the use case's reply already names the path.
    if (this.o.record)
      this.records.push({
        kind: 'file',
        destination: to.destination,
        text: renderFileNotice(file, path, this.style()),
      });
    return path;
  }

  async acknowledgeWhisper(to: Requester, result: { ok: true } | { ok: false; reason: string }): Promise<void> {
    const text = result.ok ? '✅ whisper sent (the customer does not see it)' : `⚠️ whisper not sent: ${result.reason}`;
    this.show({ kind: 'ack', destination: to.destination, text });
  }

  async postAlert(destination: string, alert: AlertView): Promise<string> {
    const text = renderAlert(alert, this.style());
    const postId = `alert-${this.run}-${++this.posts}`;
    this.show({ kind: 'alert', destination, text });
    this.shownAlerts.set(postId, text);
    return postId;
  }

  async updateAlert(destination: string, postId: string, alert: AlertView): Promise<void> {
    const text = renderAlert(alert, this.style());
    // Reprinted only when it changed (an orphaned-chats alert is brought up to date whenever one of its chats moves).
    const same = this.shownAlerts.get(postId) === text;
    this.shownAlerts.set(postId, text);
    this.show({ kind: 'alert', destination, text }, !same);
  }

  async emailOf(userId: string): Promise<string | null> {
    return this.o.users[userId] ?? null;
  }

  private style() {
    return { color: this.o.color ?? false };
  }

  /** Refuses to post once nobody can see the output: before the journal, so a post never shown is never counted. */
  private ensureOpen(): void {
    const out = this.o.out;
    if (!this.outputFailed && !out.destroyed && !out.writableEnded) return;
    throw new AppError('platform_refused', 'The terminal output is closed: restart the demo to see the chats again.', {
      retryable: false,
      detail: `terminal output closed${this.outputFailed ? `: ${this.outputFailed}` : ''}`,
    });
  }

  private show(r: TerminalRecord, print = true): void {
    this.ensureOpen();
    if (this.o.record) this.records.push(r);
    if (print) this.o.out.write(r.text.endsWith('\n') ? r.text : `${r.text}\n`);
  }
}
