"""Temporary files that hold the bytes of loaded records, so memory holds only their index.

Data is appended to the current file; a new file starts every ``file_bytes``; a file is closed
(and so deleted: they are anonymous temporary files) once nothing in it is needed any more.
Plain seek and read on one handle, on the GUI thread: reads hit the OS page cache and take
microseconds for the block sizes used here.
"""

from __future__ import annotations

import tempfile
from typing import IO

DEFAULT_FILE_BYTES = 256 * 1024 * 1024


class SpillFiles:
    """Append-only byte storage spread over temporary files; addresses are ``(file, position)``."""

    def __init__(self, file_bytes: int = DEFAULT_FILE_BYTES, directory: str | None = None) -> None:
        self._file_bytes = file_bytes
        self._directory = directory
        self._files: dict[int, IO[bytes]] = {}
        self._sizes: dict[int, int] = {}
        self._current = -1

    @property
    def disk_bytes(self) -> int:
        """Bytes in the files still open."""
        return sum(self._sizes.values())

    @property
    def open_files(self) -> list[int]:
        return sorted(self._files)

    def append(self, data: bytes) -> tuple[int, int]:
        """Store ``data``; returns where it is."""
        if self._current < 0 or self._sizes[self._current] >= self._file_bytes:
            self._current += 1
            self._files[self._current] = tempfile.TemporaryFile(  # noqa: SIM115 (kept open)
                prefix="kafka-explorer-", suffix=".spill", dir=self._directory
            )
            self._sizes[self._current] = 0
        handle = self._files[self._current]
        position = self._sizes[self._current]
        handle.seek(position)
        handle.write(data)
        self._sizes[self._current] = position + len(data)
        return self._current, position

    def read(self, file: int, position: int, length: int) -> bytes:
        handle = self._files[file]
        handle.seek(position)
        data = handle.read(length)
        if len(data) != length:
            raise OSError(f"spill file {file} is shorter than expected ({len(data)} of {length} bytes)")
        return data

    def release_before(self, file: int) -> None:
        """Close (delete) every file numbered below ``file``; the current one stays."""
        for number in [n for n in self._files if n < file and n != self._current]:
            self._files.pop(number).close()
            del self._sizes[number]

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()
        self._files.clear()
        self._sizes.clear()
        self._current = -1
