"""Chat app actions on conversations: start a new one, open a saved one, export one to Markdown."""

from __future__ import annotations

import time
from pathlib import Path

from assistant.conversations import ConversationError, conversation_markdown
from assistant.safe_text import safe
from assistant.tui.base import ChatBase
from assistant.tui.screens.conversations import ConversationsScreen
from assistant.tui.widgets.transcript import AnswerMessage


class ConversationActions(ChatBase):
    """New chat (Ctrl+N), the conversations list (Ctrl+O) and Markdown export."""

    def _detach_active(self) -> None:
        """Stop the running answer (it is still saved) and start a fresh conversation context."""
        if self.active is not None:
            self.active.cancel.set()
            self._done(self.active)
        self.session.restart()

    async def action_new_chat(self) -> None:
        self._detach_active()
        self.conversation_id = None
        self.selected = None
        await self.transcript.clear()
        self.sources.show(None)
        self.input.focus()

    def action_open_conversations(self) -> None:
        try:
            screen = ConversationsScreen(self.store, self.conversation_id)
        except ConversationError as exc:
            self.error(str(exc), title="Conversations")
            return
        self.push_screen(screen, callback=self._conversation_chosen)

    async def _conversation_chosen(self, conversation_id: int | None) -> None:
        if conversation_id is not None:
            await self.open_conversation(conversation_id)

    async def open_conversation(self, conversation_id: int) -> None:
        """Show a saved conversation; follow-up questions continue it (with its history)."""
        from assistant.answering.chat import Turn

        try:
            conversation = self.store.load(conversation_id)
        except ConversationError as exc:
            self.error(str(exc), title="Conversations")
            return
        self._detach_active()
        self.selected = None
        await self.transcript.clear()
        self.sources.show(None)
        if conversation.turns:
            self.transcript.hide_welcome()
        last: AnswerMessage | None = None
        for turn in conversation.turns:
            reason = turn.problem or turn.error or "no answer was saved (the app was closed while answering)"
            last = await self.transcript.add_saved(turn.question, turn.to_answer(), reason) or last
        self.conversation_id = conversation.id
        if conversation.problems:
            shown = "; ".join(conversation.problems[:2]) + ("; …" if len(conversation.problems) > 2 else "")
            self.error(
                f"{len(conversation.problems)} saved turn(s) cannot be read in full ({shown}): shown as far as "
                "they can be; the database is left as it is",
                title="Conversations",
            )
        answered = [t for t in conversation.turns if t.answer_data is not None]
        self.session.restart(
            [Turn(t.question, t.answer, (t.answer_data or {}).get("standalone_question")) for t in answered]
        )
        if last is not None:
            self.select_answer(last)
        self.transcript.scroll_end(animate=False)
        self.transcript.call_after_refresh(self.transcript.follow)
        self.input.focus()

    def action_export(self) -> None:
        """Write the open conversation to a Markdown file in the working directory."""
        if self.conversation_id is None:
            self.notify("nothing to export yet: ask a question first", severity="warning")
            return
        try:
            conversation = self.store.load(self.conversation_id)
            path = Path.cwd() / f"conversation-{conversation.id}-{time.strftime('%Y%m%d-%H%M%S')}.md"
            path.write_text(conversation_markdown(conversation), encoding="utf-8")
        except (ConversationError, OSError) as exc:
            self.error(f"could not export the conversation: {exc}", title="Export")
            return
        self.notify(safe(f"exported the conversation to {path}"), title="Export", markup=False)
