// Conversation references (where and how to reach a Teams conversation), kept in surface_state.
import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { SurfaceStateStore } from '../../src/core/ports';

/** A channel thread's conversation id is `<channel id>;messageid=<root id>`; its reference is the channel's. */
export const baseConversation = (conversationId: string) => conversationId.split(';messageid=')[0];
export const threadConversation = (channelId: string, rootId: string) => `${channelId};messageid=${rootId}`;
export const rootOf = (conversationId: string): string | null => /;messageid=([^;]+)/.exec(conversationId)?.[1] ?? null;

export class ConversationRefs {
  constructor(private readonly state: SurfaceStateStore) {}

  /** Remembers how to reach the conversation of an incoming activity (and, in personal chats, its user). */
  async remember(activity: Partial<Activity>, userId?: string): Promise<void> {
    const ref = TurnContext.getConversationReference(activity);
    const base = baseConversation(ref.conversation?.id ?? '');
    if (!base) return;
    const stored = JSON.stringify({ ...ref, activityId: undefined, conversation: { ...ref.conversation, id: base } });
    await this.state.put('teams', `ref:conv:${base}`, stored);
    const channelId = (activity.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
    if (channelId && channelId !== base)
      await this.state.put(
        'teams',
        `ref:conv:${channelId}`,
        JSON.stringify({ ...ref, activityId: undefined, conversation: { ...ref.conversation, id: channelId } }),
      );
    if (userId && ref.conversation?.conversationType === 'personal')
      await this.state.put('teams', `ref:user:${userId}`, stored);
    // A channel's name, when Teams tells it (channel events do; most messages do not): kept on its own key, so that
    // the references every later activity rewrites cannot forget it. Chat cards name their walls with it.
    const name =
      (activity.channelData as { channel?: { name?: string } } | undefined)?.channel?.name ??
      (ref.conversation?.conversationType !== 'personal' ? ref.conversation?.name : undefined);
    if (name?.trim()) await this.state.put('teams', `name:conv:${channelId ?? base}`, name.trim().slice(0, 200));
  }

  /** A channel's readable name, if Teams ever told us one. */
  async nameOf(conversationId: string): Promise<string | null> {
    return this.state.get('teams', `name:conv:${baseConversation(conversationId)}`);
  }

  /** The reference for a conversation id (a channel thread uses its channel's), or null if we never heard from it. */
  async forConversation(conversationId: string): Promise<Partial<ConversationReference> | null> {
    const raw = await this.state.get('teams', `ref:conv:${baseConversation(conversationId)}`);
    if (!raw) return null;
    const ref = JSON.parse(raw) as Partial<ConversationReference>;
    return { ...ref, conversation: { ...ref.conversation!, id: conversationId } };
  }

  async personalOf(userId: string): Promise<Partial<ConversationReference> | null> {
    const raw = await this.state.get('teams', `ref:user:${userId}`);
    return raw ? (JSON.parse(raw) as Partial<ConversationReference>) : null;
  }
}
