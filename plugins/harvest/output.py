"""The files the harvest plugins write into an output folder, remembered across the builds of one
process (the live preview rebuilds in a warm process).

A file whose inputs did not change since this process last wrote it is neither rendered nor
written again, so its modification time stays and the preview copies only what changed. What an
earlier build wrote and this one did not (an entry that was removed) is deleted. A fresh process
remembers nothing and writes everything; so does a build into a folder that was emptied first."""

from __future__ import annotations

import hashlib
import os

_folders: dict[str, "Output"] = {}


def digest(*parts: str | bytes) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.digest()


class Output:
    def __init__(self, path: str):
        self.path = path
        # rel path -> (key, size, mtime_ns) of the file as this process last left it; the key is
        # a digest of the file's inputs (pages) or of its text (everything else).
        self.known: dict[str, tuple[bytes, int, int]] = {}
        self.produced: set[str] = set()  # what the current build wrote or kept
        self.written: set[str] = set()  # what the current build wrote
        self.gone: list[str] = []  # what the current build removed

    @classmethod
    def of(cls, settings: dict) -> "Output":
        path = os.path.realpath(settings["OUTPUT_PATH"])
        if path not in _folders:
            _folders[path] = cls(path)
        return _folders[path]

    def begin(self, emptied: bool) -> None:
        """At the start of a build. `emptied`: the folder was cleared, nothing in it is ours."""
        if emptied:
            self.known.clear()
        self.previous, self.produced, self.written, self.gone = set(self.known), set(), set(), []

    def unchanged(self, rel: str, key: bytes) -> bool:
        """True when `rel` is on disk as this process wrote it from the same inputs; it then
        counts as produced by this build."""
        known = self.known.get(rel)
        if known is None or known[0] != key:
            return False
        try:
            stat = os.stat(os.path.join(self.path, rel))
        except FileNotFoundError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != known[1:]:
            return False  # changed by someone else: write it again
        self.produced.add(rel)
        return True

    def write(self, rel: str, text: str | list[str], newline: str = "\n") -> bool:
        """Write `text` to `rel` unless it is there already; True when written. A long file can
        come as a list of parts, written one after the other (never joined in memory)."""
        parts = [text] if isinstance(text, str) else text
        key = digest(*parts)
        if self.unchanged(rel, key):
            return False
        self.record(rel, key, write_file(self.path, rel, parts, newline))
        return True

    def record(self, rel: str, key: bytes, stat: tuple[int, int]) -> None:
        """Note a file written (possibly by a worker process) in this build."""
        self.known[rel] = (key, *stat)
        self.produced.add(rel)
        self.written.add(rel)

    def finish(self) -> list[str]:
        """Delete what an earlier build in this process wrote and this one did not; returns
        those paths."""
        gone = self.gone = sorted(self.previous - self.produced)
        for rel in gone:
            self.known.pop(rel, None)
            try:
                os.remove(os.path.join(self.path, rel))
            except FileNotFoundError:
                pass
            _remove_empty_parents(self.path, rel)
        return gone


def write_file(root: str, rel: str, text: str | list[str], newline: str = "\n") -> tuple[int, int]:
    """Write one file (text, or parts of it); returns its (size, mtime_ns)."""
    path = os.path.join(root, rel)
    try:
        fh = open(path, "w", encoding="utf-8", newline=newline)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fh = open(path, "w", encoding="utf-8", newline=newline)
    with fh:
        if isinstance(text, str):
            fh.write(text)
        else:
            fh.writelines(text)
    stat = os.stat(path)
    return stat.st_size, stat.st_mtime_ns


def _remove_empty_parents(root: str, rel: str) -> None:
    folder = os.path.dirname(rel)
    while folder:
        try:
            os.rmdir(os.path.join(root, folder))
        except OSError:  # not empty, or already gone
            return
        folder = os.path.dirname(folder)
