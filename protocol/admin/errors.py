"""Errors of admin operations, on top of ``protocol.errors``.

Refusals that a broker would also make carry its code (a reset refused while a group has
members is NON_EMPTY_GROUP); refusals only this client makes are ``AdminRefusedError``s.
"""

from __future__ import annotations

from protocol.errors import GroupNotEmptyError, KafkaExplorerError


class GroupActiveError(GroupNotEmptyError):
    """The group has members (or is rebalancing), so its offsets must not be changed now.

    Raised before anything is sent when the group is seen active, and when the coordinator
    refuses the commit because members joined in between (UNKNOWN_MEMBER_ID and friends).
    """


class AdminRefusedError(KafkaExplorerError):
    """This client refuses an operation that would be wrong or unsafe; the message says why."""


class ConfigFallbackError(AdminRefusedError):
    """The legacy AlterConfigs fallback cannot keep every other setting intact (e.g. a dynamic
    setting is sensitive, so the broker never reveals the value that would have to be re-sent)."""


class OffsetResetError(AdminRefusedError):
    """An offset reset cannot be planned: no committed offset to shift, an unknown partition..."""
