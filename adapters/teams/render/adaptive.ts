// Minimal Adaptive Card 1.5 shapes (the subset the Teams renderers use) and the builders they share.
import type { CardSubmit } from './actions';

type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large';
type TextColor = 'Default' | 'Accent' | 'Good' | 'Warning' | 'Attention';

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap?: boolean;
  weight?: 'Bolder';
  size?: 'Small' | 'Medium' | 'Large';
  color?: TextColor;
  isSubtle?: boolean;
  style?: 'heading';
  spacing?: Spacing;
}
export interface Fact {
  title: string;
  value: string;
}
export interface FactSet {
  type: 'FactSet';
  facts: Fact[];
  spacing?: Spacing;
}
export interface Column {
  type: 'Column';
  width: 'auto' | 'stretch';
  items: CardElement[];
  verticalContentAlignment?: 'Center';
}
export interface ColumnSet {
  type: 'ColumnSet';
  columns: Column[];
  spacing?: Spacing;
  separator?: boolean;
}
export interface Container {
  type: 'Container';
  items: CardElement[];
  spacing?: Spacing;
  separator?: boolean;
}
export interface ActionSet {
  type: 'ActionSet';
  actions: CardAction[];
}
export interface InputText {
  type: 'Input.Text';
  id: string;
  placeholder?: string;
  label?: string;
  isMultiline?: boolean;
  /** Pre-filled text the user edits (a suggested whisper). */
  value?: string;
  maxLength?: number;
  isRequired?: boolean;
  errorMessage?: string;
}
export interface Choice {
  title: string;
  value: string;
}
export interface InputChoiceSet {
  type: 'Input.ChoiceSet';
  id: string;
  label?: string;
  placeholder?: string;
  style?: 'compact' | 'filtered';
  choices: Choice[];
}
/** Teams fetches `url` itself (HTTPS), possibly more than once and later: it must stay valid for a while. */
export interface Image {
  type: 'Image';
  url: string;
  altText?: string;
  size?: 'Auto' | 'Stretch';
  spacing?: Spacing;
}
export type CardElement = TextBlock | FactSet | ColumnSet | Container | ActionSet | InputText | InputChoiceSet | Image;

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: CardSubmit;
  style?: 'positive' | 'destructive';
  /** `none`: the button ignores the card's inputs, so an empty whisper box never blocks Finish or Transfer. */
  associatedInputs?: 'auto' | 'none';
}
export type CardAction = SubmitAction;

export interface AdaptiveCard {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  type: 'AdaptiveCard';
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  /** Teams' own extension: use the conversation's full width instead of a narrow bubble. */
  msteams: { width: 'Full' };
  /** Shown by clients that cannot render the card, and in notifications. */
  fallbackText?: string;
}

export function adaptiveCard(body: CardElement[], actions: CardAction[] = [], fallbackText?: string): AdaptiveCard {
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
    msteams: { width: 'Full' },
    ...(fallbackText ? { fallbackText } : {}),
  };
}

/** A wrapping TextBlock; `text` is markdown, so callers pass user text through escapeMarkdown. */
export const textBlock = (text: string, style: Omit<TextBlock, 'type' | 'text'> = {}): TextBlock => ({
  type: 'TextBlock',
  text,
  wrap: true,
  ...style,
});

export const heading = (text: string): TextBlock =>
  textBlock(text, { style: 'heading', size: 'Medium', weight: 'Bolder' });

export const subtle = (text: string): TextBlock => textBlock(text, { isSubtle: true, size: 'Small', spacing: 'Small' });
