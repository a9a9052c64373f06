"""Content classes: one per entry type, so templates, signals and plugins can tell them apart."""

from __future__ import annotations

from functools import cached_property

from pelican.contents import Content

from ..model import types as m
from ..model.schema import sources
from ..site.relations import entry_order
from ..site.routes import url
from ..state import digest


class Entry(Content):
    """An entry of the harvest. `data` holds the checked front matter; relations to other
    entries are filled in by the generator on every build (never cached with the entry)."""

    entry_type: m.EntryType
    default_template = "entry"
    mandatory_properties = ("title",)
    allowed_statuses = ("published", "draft")
    default_status = "published"
    _history = None
    _changed = None  # `changed`, known while `history` is the same

    @property
    def history(self):
        """Its Git record (content/history.py), set by the generator on every build."""
        return self._history

    @history.setter
    def history(self, record) -> None:
        self._history, self._changed = record, None

    @property
    def changed(self) -> str:
        """The day it last changed (`YYYY-MM-DD`): its last commit's, else (no Git history) its own
        `updated` or `date`. The one answer for pages, cards, feeds, sitemaps and calendars."""
        if self._changed is None:
            history = self._history
            self._changed = history.changed.isoformat() if history is not None and history.committed \
                else self.written
        return self._changed

    @property
    def written(self) -> str:
        """The day its front matter says it last changed: `updated`, else `date`."""
        return self.data.get("updated", self.data["date"])


    @property
    def type_name(self) -> str:  # each type's class holds it as a plain attribute (below)
        return self.entry_type.name

    @cached_property
    def url(self) -> str:  # the settings an Entry is made with are its for good (generator._Made)
        return url(self.settings, "ENTRY_URL", self.entry_type, slug=self.slug)

    @cached_property
    def save_as(self) -> str:
        return url(self.settings, "ENTRY_SAVE_AS", self.entry_type, slug=self.slug)

    @cached_property
    def key(self) -> tuple[str, str]:  # asked for very often: relations, memos, page keys
        return (self.entry_type.name, self.slug)

    @cached_property
    def order(self) -> tuple:
        """relations.entry_order's key (of its type, title and slug, which never change for this
        object): a warm build sorts 10,000 kept entries without making their keys again."""
        return entry_order(self)

    @cached_property
    def front(self) -> bytes:
        """A digest of its key and front matter (which never change for this object)."""
        return digest(repr((self.key, self.data)))

    def label(self, field_name: str, value) -> str:
        """Dutch label of an enumerated value (`verrijkende-mislukking` -> `Verrijkende mislukking`)."""
        return m.choice_label(self.entry_type.name, field_name, value)

    @property
    def sources(self) -> list[dict]:
        """Where its facts come from: each as {title, publisher, url}, with the parts it has."""
        return sources(self.data.get("source"))

    @property
    def kind_label(self) -> str:
        """The label a card shows: its type's card field (kind, stage or roles)."""
        value = self.data.get(self.entry_type.card)
        if value is None:
            return self.entry_type.label
        if isinstance(value, list):
            return ", ".join(self.label(self.entry_type.card, v) for v in value)
        return self.label(self.entry_type.card, value)


# `type_name` as a class attribute: asked ~190,000 times by a warm build, a property call each.
CLASSES: dict[str, type[Entry]] = {
    t.name: type(t.class_name, (Entry,), {"entry_type": t, "type_name": t.name, "__module__": __name__})
    for t in m.TYPES.values()
}
globals().update({cls.__name__: cls for cls in CLASSES.values()})  # picklable by name
