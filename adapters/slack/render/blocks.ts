// Minimal Block Kit shapes and builders (structurally compatible with @slack/types) that every renderer here shares.
import { BLOCK_TEXT_MAX, HEADER_MAX, PLAIN_TEXT_MAX, truncate } from './mrkdwn';

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}
/** `verbatim: true` stops Slack's automatic parsing of bare names and mentions; manual `<…>` strings still work. */
export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
  verbatim?: boolean;
}
export interface Button {
  type: 'button';
  text: PlainText;
  action_id: string;
  value?: string;
  style?: 'primary' | 'danger';
}
export interface SelectOption {
  text: PlainText;
  value: string;
}
export interface StaticSelect {
  type: 'static_select';
  action_id: string;
  placeholder?: PlainText;
  options: SelectOption[];
}

export interface HeaderBlock {
  type: 'header';
  text: PlainText;
  block_id?: string;
}
export interface SectionBlock {
  type: 'section';
  text?: Mrkdwn;
  fields?: Mrkdwn[];
  accessory?: Button;
  block_id?: string;
}
export interface ContextBlock {
  type: 'context';
  elements: Mrkdwn[];
  block_id?: string;
}
export interface ActionsBlock {
  type: 'actions';
  elements: Button[];
  block_id?: string;
}
export interface DividerBlock {
  type: 'divider';
  block_id?: string;
}
export interface PlainTextInput {
  type: 'plain_text_input';
  action_id: string;
  multiline?: boolean;
  initial_value?: string;
  max_length?: number;
  focus_on_load?: boolean;
}
export interface InputBlock {
  type: 'input';
  block_id: string;
  label: PlainText;
  element: StaticSelect | PlainTextInput;
  optional?: boolean;
  hint?: PlainText;
}
export type Block = HeaderBlock | SectionBlock | ContextBlock | ActionsBlock | DividerBlock | InputBlock;

/** What `chat.postMessage` / `chat.update` take: `text` is the notification and screen-reader fallback. */
export interface Message {
  text: string;
  blocks: Block[];
}

interface BaseView {
  blocks: Block[];
  private_metadata?: string;
  callback_id?: string;
  external_id?: string;
}
export interface ModalView extends BaseView {
  type: 'modal';
  title: PlainText;
  submit?: PlainText;
  close?: PlainText;
}
export interface HomeView extends BaseView {
  type: 'home';
}
export type View = ModalView | HomeView;

export const plain = (text: string, max = PLAIN_TEXT_MAX): PlainText => ({
  type: 'plain_text',
  text: truncate(text, max) || ' ',
  emoji: true,
});
export const md = (text: string, max = BLOCK_TEXT_MAX): Mrkdwn => ({
  type: 'mrkdwn',
  text: truncate(text, max) || ' ',
  verbatim: true,
});

export const header = (text: string): HeaderBlock => ({ type: 'header', text: plain(text, HEADER_MAX) });
export const section = (text: string, accessory?: Button): SectionBlock => ({
  type: 'section',
  text: md(text),
  ...(accessory ? { accessory } : {}),
});
export const context = (...texts: string[]): ContextBlock => ({
  type: 'context',
  elements: texts.slice(0, 10).map((t) => md(t)),
});
export const divider = (): DividerBlock => ({ type: 'divider' });

/**
 * Slack rejects an actions block whose elements repeat an action_id, so a second `convrs_cmd` in one block
 * becomes `convrs_cmd_2` (see `actionKind`). At most 25 elements per block.
 */
export function actions(buttons: Button[]): ActionsBlock {
  const seen = new Map<string, number>();
  const elements = buttons.slice(0, 25).map((b) => {
    const n = (seen.get(b.action_id) ?? 0) + 1;
    seen.set(b.action_id, n);
    return n === 1 ? b : { ...b, action_id: `${b.action_id}_${n}` };
  });
  return { type: 'actions', elements };
}
