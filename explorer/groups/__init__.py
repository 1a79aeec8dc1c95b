"""Consumer groups for the explorer, free of Qt: the list with member counts and total lag
(loaded in steps, so the view fills in progressively), one group's detail, and offset resets
as the user describes them. Nothing here joins a group (see :mod:`protocol.admin`)."""
