"""Saved producer templates: named forms in one JSON file in the app's configuration folder.

Every change rewrites the file atomically. A file that cannot be read is set aside (renamed
``….broken``) the next time a template is saved, never silently overwritten.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from explorer.produce.form import ProduceForm

TEMPLATES_FILE = "producer-templates.json"
VERSION = 1


class TemplateError(Exception):
    """A template could not be saved or deleted; the message is a sentence."""


class TemplateStore:
    """Named :class:`ProduceForm` s, sorted by name. ``problem`` says why the file was unreadable."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem: str | None = None
        self._forms: dict[str, ProduceForm] = {}
        self.reload()

    def reload(self) -> None:
        self.problem = None
        self._forms = {}
        if not self.path.exists():
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            saved = data["templates"]
            if not isinstance(saved, dict):
                raise ValueError("“templates” is not an object")
        except (OSError, ValueError, KeyError, TypeError) as exc:  # JSONDecodeError is a ValueError
            self.problem = f"The saved templates in {self.path} cannot be read ({exc})."
            return
        self._forms = {str(name): ProduceForm.from_dict(form) for name, form in saved.items()}

    def names(self) -> list[str]:
        return sorted(self._forms, key=str.casefold)

    def get(self, name: str) -> ProduceForm:
        return self._forms[name]

    def __contains__(self, name: object) -> bool:
        return name in self._forms

    def save(self, name: str, form: ProduceForm) -> None:
        """Save (or replace) ``name``."""
        name = name.strip()
        if not name:
            raise TemplateError("A template needs a name.")
        self._write({**self._forms, name: form})

    def delete(self, name: str) -> None:
        self._write({k: v for k, v in self._forms.items() if k != name})

    def _write(self, forms: dict[str, ProduceForm]) -> None:
        try:
            if self.problem is not None and self.path.exists():
                self.path.rename(self.path.with_name(f"{self.path.name}.{int(time.time())}.broken"))
            data = {"version": VERSION, "templates": {k: f.to_dict() for k, f in sorted(forms.items())}}
            atomic_write_json(self.path, data)
        except OSError as exc:
            raise TemplateError(f"The templates could not be saved to {self.path} ({exc.strerror or exc}).") \
                from None
        self._forms, self.problem = forms, None


def atomic_write_json(path: Path, data: Any) -> None:
    """Replace ``path`` so that a crash leaves the old file or the new one, never half of one.

    (:mod:`explorer.profiles.files` does the same, but importing it brings Qt along.)
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
