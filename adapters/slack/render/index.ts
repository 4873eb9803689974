// The Slack renderer: every neutral view model as Block Kit, plus the action ids the receiver matches on.
export {
  ACTION,
  CALLBACK,
  TRANSFER_BLOCK,
  TRANSFER_ELEMENT,
  actionKind,
  commandButton,
  parseClaimValue,
  type ActionKind,
} from './actions';
export { renderAlert } from './alert';
export {
  DRAFT_BLOCK,
  DRAFT_ELEMENT,
  draftEditValue,
  draftText,
  parseDraftEditValue,
  renderDraftMessage,
  renderDraftingModal,
  renderModalNotice,
  renderWhisperDraftModal,
} from './whisper-draft';
export type { Message, ModalView, HomeView, View } from './blocks';
export { renderCard } from './card';
export { renderHome, HOME_EMPTY, type HomeModel } from './home';
export { renderLinePosts, renderLines } from './lines';
export { renderListPage } from './list';
export { renderFileComment, renderReply } from './reply';
export {
  TRANSFER_ERRORS,
  renderTransferModal,
  transferChoice,
  transferCommand,
  transferErrors,
  type TransferChoice,
} from './transfer';
