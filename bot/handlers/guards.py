"""Small guards so handlers need no ``cast``: the parts of an update a handler relies on."""

from __future__ import annotations

from telegram import CallbackQuery, Chat, Message, Update, User


class UnexpectedUpdate(Exception):
    """The update lacks what the handler's filters promised; a registration bug."""


def message_of(update: Update) -> Message:
    if update.effective_message is None:
        raise UnexpectedUpdate(f"update {update.update_id} has no message")
    return update.effective_message


def user_of(update: Update) -> User:
    if update.effective_user is None:
        raise UnexpectedUpdate(f"update {update.update_id} has no user")
    return update.effective_user


def chat_of(update: Update) -> Chat:
    if update.effective_chat is None:
        raise UnexpectedUpdate(f"update {update.update_id} has no chat")
    return update.effective_chat


def query_of(update: Update) -> CallbackQuery:
    if update.callback_query is None:
        raise UnexpectedUpdate(f"update {update.update_id} has no callback query")
    return update.callback_query


def command_args(message: Message) -> str:
    """The text after ``/command`` (or ``/command@bot``), stripped."""
    text = message.text or ""
    _, _, rest = text.partition(" ")
    return rest.strip()
