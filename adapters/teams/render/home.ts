// What needs the supervisor now (the personal welcome card and `home`): coverage, supervised chats, watched units.
import type { HomeView } from '../../../src/core/views';
import { adaptiveCard, heading, textBlock, type AdaptiveCard } from './adaptive';
import { escapeMarkdown } from './markdown';

export function renderHome(home: HomeView): AdaptiveCard {
  const covered = home.coverage ? `${home.coverage.covered} of ${home.coverage.total} open chats covered` : home.coverageNote ?? '';
  return adaptiveCard([heading('What needs you now'), textBlock(escapeMarkdown(covered || 'Nothing to show.'))], [], covered || 'Home');
}
