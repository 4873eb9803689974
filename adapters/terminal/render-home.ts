// Terminal rendering of `home`: what needs the supervisor now (coverage first), the supervised chats, the watched units.
import type { HomeView } from '../../src/core/views';
import { PLAIN, paint, type RenderOptions } from './render-style';

export function renderHome(h: HomeView, o: RenderOptions = PLAIN): string {
  const covered = h.coverage ? `${h.coverage.covered} of ${h.coverage.total} open chats covered` : h.coverageNote ?? '';
  return [paint(o, 'bold', 'What needs you now'), covered].filter(Boolean).join('\n');
}
