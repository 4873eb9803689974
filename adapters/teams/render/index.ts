// The Teams renderer: every neutral view model as an Adaptive Card 1.5 or a markdown message, and card submits read back.
export {
  INPUT,
  SUBMIT_ERRORS,
  submitToCommand,
  type CancelSubmit,
  type CardSubmit,
  type ClaimSubmit,
  type CommandSubmit,
  type SubmitOutcome,
  type TransferToSubmit,
  type WhisperSubmit,
} from './actions';
export { ACTIVITY_BYTES_MAX, CARD_BYTES_MAX, cardActivity, MESSAGE_TEXT_BYTES_MAX, textActivity } from './activity';
export type { AdaptiveCard } from './adaptive';
export { renderAlert } from './alert';
export { LIVE_LINES_MAX, renderChatCard } from './card';
export { renderLines } from './lines';
export { renderListPage } from './list';
export { renderFileNotice, renderReply } from './reply';
export { renderTransferForm } from './transfer';
