"""The producer form's logic, free of Qt: the form's state, payload formats and their
validation, counter placeholders, saved templates, the history of sends, and sending itself.

Counter placeholders: with *Copies* above 1, ``{{n}}`` in a Text or JSON key, value or header
value becomes the copy's number counted from 1, and ``{{i}}`` the same counted from 0; spaces
inside the braces are allowed (``{{ n }}``). A single send expands them too (as copy 1).
"""
