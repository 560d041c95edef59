"""The status machine: baru -> ditangani -> dieskalasi -> ditindaklanjuti -> selesai, or
ditolak with a reason. Every other move is refused, so a stale button cannot undo history.
"""

from __future__ import annotations

from bot.problems.models import Action, Status


class TransitionError(ValueError):
    """The action does not apply to a problem in this status."""

    def __init__(self, status: Status, action: Action) -> None:
        super().__init__(f"{action.value} is not allowed from {status.value}")
        self.status = status
        self.action = action


_TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.BARU, Action.TAKE_UP): Status.DITANGANI,
    (Status.BARU, Action.ESCALATE): Status.DIESKALASI,
    (Status.DITANGANI, Action.ESCALATE): Status.DIESKALASI,
    (Status.BARU, Action.AUTO_ESCALATE): Status.DIESKALASI,
    (Status.DIESKALASI, Action.FORWARD): Status.DIESKALASI,
    (Status.DIESKALASI, Action.ANSWER): Status.DITINDAKLANJUTI,
    (Status.DITANGANI, Action.RESOLVE): Status.SELESAI,
    (Status.DITINDAKLANJUTI, Action.RESOLVE): Status.SELESAI,
    (Status.BARU, Action.REJECT): Status.DITOLAK,
    (Status.DITANGANI, Action.REJECT): Status.DITOLAK,
    (Status.DITINDAKLANJUTI, Action.CONFIRM): Status.SELESAI,
    (Status.SELESAI, Action.CONFIRM): Status.SELESAI,
    (Status.DITINDAKLANJUTI, Action.REOPEN): Status.DITANGANI,
    (Status.SELESAI, Action.REOPEN): Status.DITANGANI,
}


def next_status(status: Status, action: Action, *, has_handler: bool = True) -> Status:
    """The status after ``action``; raises :class:`TransitionError` if it does not apply.

    A reopened problem goes back to whoever handled it (ditangani); one nobody took up
    (it was escalated by the SLA) goes back to baru, so the SLA watches it again.
    """
    target = _TRANSITIONS.get((status, action))
    if target is None:
        raise TransitionError(status, action)
    if action is Action.REOPEN and not has_handler:
        return Status.BARU
    return target


def allows(status: Status, action: Action) -> bool:
    return (status, action) in _TRANSITIONS


STAFF_ACTIONS = (Action.TAKE_UP, Action.ESCALATE, Action.RESOLVE, Action.REJECT)
"""What the unit's Agen Perubahan may do from a ticket card, in button order."""


def staff_actions(status: Status) -> list[Action]:
    """The staff actions that apply now (the card shows a button for each)."""
    return [action for action in STAFF_ACTIONS if allows(status, action)]


def may_talk(status: Status) -> bool:
    """The thread stays open while the problem is; a finished one is reopened first."""
    return status.is_open
