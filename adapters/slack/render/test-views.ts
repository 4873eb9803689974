// Test support for the Slack renderer tests: view fixtures and a check of the Block Kit limits Slack enforces.
import type { ChatCardView, MessageLineView } from '../../../src/core/views';
import type { Block, Button, ModalView } from './blocks';
import { BLOCK_TEXT_MAX, BUTTON_TEXT_MAX, FIELD_TEXT_MAX, HEADER_MAX } from './mrkdwn';

export const cardView = (over: Partial<ChatCardView> = {}): ChatCardView => ({
  ref: 'C-1042',
  conversationId: 'cv_42',
  customerName: 'Jane Doe',
  customerCountry: 'DE',
  channel: 'WhatsApp',
  businessUnit: 'Sales',
  agent: { name: 'Ann Lee', email: 'ann.lee@acme.test', status: 'Online' },
  startedAt: new Date('2026-11-24T09:14:03Z'),
  lastActivityAt: new Date('2026-11-24T09:32:59Z'),
  inactive: true,
  sentiment: { score: -0.42, label: 'negative', source: 'lexicon' },
  csat: { score: 2, reason: 'Long wait', source: 'model' },
  thumbs: 'down',
  state: 'open',
  actions: ['transfer', 'finish', 'unsupervise'],
  ...over,
});

export const lineView = (over: Partial<MessageLineView> = {}): MessageLineView => ({
  role: 'customer',
  label: 'Customer Jane Doe',
  text: 'hello',
  attachments: [],
  at: new Date('2026-11-24T09:14:03Z'),
  isWhisper: false,
  isNote: false,
  ...over,
});

/** Every mrkdwn text in the blocks (section text and fields, context elements), in order. */
export function mrkdwnTexts(blocks: Block[]): string[] {
  return blocks.flatMap((b) => {
    if (b.type === 'section') return [...(b.text ? [b.text.text] : []), ...(b.fields ?? []).map((f) => f.text)];
    if (b.type === 'context') return b.elements.map((e) => e.text);
    return [];
  });
}

export function buttons(blocks: Block[]): Button[] {
  return blocks.flatMap((b) =>
    b.type === 'actions' ? b.elements : b.type === 'section' && b.accessory ? [b.accessory] : [],
  );
}

/** The limits Slack rejects a message or view for (PLATFORMS.md "Block Kit"). */
export function expectWithinLimits(blocks: Block[], maxBlocks = 50): void {
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(maxBlocks);
  for (const b of blocks) {
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(HEADER_MAX);
    if (b.type === 'section') {
      expect(b.text || b.fields).toBeTruthy();
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(BLOCK_TEXT_MAX);
      expect((b.fields ?? []).length).toBeLessThanOrEqual(10);
      for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(FIELD_TEXT_MAX);
    }
    if (b.type === 'context') {
      expect(b.elements.length).toBeLessThanOrEqual(10);
      for (const e of b.elements) expect(e.text.length).toBeLessThanOrEqual(BLOCK_TEXT_MAX);
    }
    if (b.type === 'actions') {
      const ids = b.elements.map((e) => e.action_id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBeLessThanOrEqual(25);
    }
  }
  for (const b of blocks) {
    if (b.type !== 'input') continue;
    // Input block label and hint ≤ 2000; static_select: ≤ 100 options, option text ≤ 75 and value ≤ 150, placeholder ≤ 150.
    expect(b.label.text.length).toBeLessThanOrEqual(2000);
    expect((b.hint?.text ?? '').length).toBeLessThanOrEqual(2000);
    if (b.element.type === 'plain_text_input') {
      // plain_text_input: initial_value ≤ max_length ≤ 3000.
      expect(b.element.max_length ?? 3000).toBeLessThanOrEqual(3000);
      expect((b.element.initial_value ?? '').length).toBeLessThanOrEqual(b.element.max_length ?? 3000);
      continue;
    }
    expect((b.element.placeholder?.text ?? '').length).toBeLessThanOrEqual(150);
    expect(b.element.options.length).toBeGreaterThan(0);
    expect(b.element.options.length).toBeLessThanOrEqual(100);
    for (const o of b.element.options) {
      expect(o.text.text.length).toBeLessThanOrEqual(75);
      expect(o.value.length).toBeLessThanOrEqual(150);
    }
  }
  for (const btn of buttons(blocks)) {
    expect(btn.text.text.length).toBeLessThanOrEqual(BUTTON_TEXT_MAX);
    expect((btn.value ?? '').length).toBeLessThanOrEqual(2000);
  }
}

/** A modal: title, submit and close ≤ 24 characters, private_metadata ≤ 3000, at most 100 blocks. */
export function expectModalWithinLimits(view: ModalView): void {
  expectWithinLimits(view.blocks, 100);
  for (const t of [view.title, view.submit, view.close]) expect((t?.text ?? '').length).toBeLessThanOrEqual(24);
  expect((view.private_metadata ?? '').length).toBeLessThanOrEqual(3000);
}
