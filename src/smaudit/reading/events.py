"""The Python reader: plain data and places straight from the parser's events."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from sys import intern
from typing import Any

from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from smaudit.errors import InputError, Problem
from smaudit.reading.document import Document, JsonPath
from smaudit.reading.keymarks import KeyMarks, KeyPlaces
from smaudit.reading.limits import DEFAULT_LIMITS, Limits, TooMany, depth_limit, too_deep, too_many
from smaudit.reading.marks import EMPTY, MarkTable, MarkTableBuilder, pack
from smaudit.reading.parser import SEVERAL_DOCUMENTS, Loader, event_mark, yaml_errors
from smaudit.reading.scalars import (
    ALLOWED_TAGS,
    IMPLICIT,
    KEY_TAGS,
    Plain,
    convert,
    plain_key,
    plain_tag,
)
from smaudit.safety.redact import quote_key


def read_events(text: str, name: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    with yaml_errors(text, name, limits):
        return _EventReader(text, name, limits).read()


def key_places(text: str, name: str, limits: Limits) -> KeyPlaces:
    """Where each key of a text without anchors is written (the text was read once already:
    there is nothing left to report)."""
    with yaml_errors(text, name, limits):
        reader = _EventReader(text, name, limits, keep_key_marks=True)
        reader.read()
    return reader.key_marks or {}


class _UndefinedAlias(InputError):
    pass


class _EventReader:
    """Plain data and marks from libyaml's event stream, for documents without anchors. It
    applies the same rules as _Builder (tags, duplicate keys, depth, size) to the same effect.

    Beside the parser's own work, the Python work per event is most of what loading a large
    inventory costs, and most events are untagged strings in collections. So `_child` and the
    key loop in `_mapping` take those a short way, guarded so that it gives exactly what the
    general way (`_node`, `_key`) would; everything else, errors included, goes the general way.
    Where the C reader is built (read_fast) this reader reads only what that one leaves to it.
    """

    def __init__(
        self, text: str, name: str, limits: Limits, *, keep_key_marks: bool = False
    ) -> None:
        self.text = text
        self.name = name
        self.limits = limits
        self.depth = depth_limit(limits)
        self.parser = Loader(text)
        self.get_event: Callable[[], Any] = self.parser.get_event  # events, loosely typed
        self.table = MarkTableBuilder()
        self.nodes = 0  # read so far, for --max-nodes
        # kept only when asked for: otherwise the Document reads them again if ever needed
        self.key_marks: dict[JsonPath, tuple[int, int]] | None = {} if keep_key_marks else None
        self.plain = Plain(name, limits).read

    def read(self) -> Document:
        try:
            data, marks = self._document()
        except (_UndefinedAlias, TooMany) as exc:  # the composer stops at once on these: so do we
            raise InputError(exc.problems) from None
        except InputError:
            # The composing reader parses the whole stream before judging anything, so a
            # syntax error or a second document further on is what it reports: do the same.
            self._drain()
            raise
        finally:
            self.parser.dispose()
        keys: Mapping[JsonPath, tuple[int, int]] | None = self.key_marks
        if keys is None:
            keys = KeyMarks(partial(key_places, self.text, self.name, self.limits))
        return Document(self.name, data, marks, keys)

    def _drain(self) -> None:
        get = self.get_event
        while not isinstance(event := get(), StreamEndEvent):
            if isinstance(event, AliasEvent):
                raise self._undefined(event)
            if isinstance(event, DocumentStartEvent):
                raise InputError.at(
                    self.name, *event_mark(event), f"invalid YAML: {SEVERAL_DOCUMENTS}"
                )

    def _document(self) -> tuple[Any, MarkTable]:
        get = self.get_event
        get()  # StreamStart
        event = get()
        if isinstance(event, StreamEndEvent):
            return None, EMPTY
        data, mark, number = self._node(get(), ())  # after DocumentStart
        get()  # DocumentEnd
        event = get()
        if not isinstance(event, StreamEndEvent):
            raise InputError.at(self.name, *event_mark(event), f"invalid YAML: {SEVERAL_DOCUMENTS}")
        return data, self.table.finish(mark, number)

    def _node(self, event: Any, path: JsonPath) -> tuple[Any, int, int]:
        """Any node, the general way: the root, and each child the loops do not take short.
        Returns its data, its packed place, and its number in the table if a container."""
        kind = type(event)
        if kind is AliasEvent:  # an alias with no anchor in the file
            raise self._undefined(event)
        if self.nodes >= self.limits.max_nodes or len(path) > self.depth:
            raise self._over_limit(event, path)
        self.nodes += 1
        where = event_mark(event)
        mark = pack(*where)
        if kind is ScalarEvent:
            tag = self._tag(event, ScalarNode, event.value)
            return convert(tag, event.value, where, self.name, self.limits), mark, -1
        if event.tag is not None:  # untagged, resolve says seq or map: both allowed
            self._tag(event, SequenceNode if kind is SequenceStartEvent else MappingNode, None)
        data, number = self._sequence(path) if kind is SequenceStartEvent else self._mapping(path)
        return data, mark, number

    def _sequence(self, path: JsonPath) -> tuple[list[Any], int]:
        items: list[Any] = []
        marks: list[int] = []  # the items' places, stored in the table at the end
        children: list[tuple[int, int]] = []  # (position, number) of items that are containers
        get, child = self.get_event, self._child
        at_limit = len(path) >= self.depth  # its items are one level deeper
        while type(event := get()) is not SequenceEndEvent:
            items.append(child(event, path, len(items), at_limit, marks, children))
        return items, self.table.container(marks, children, None)

    def _mapping(self, path: JsonPath) -> tuple[dict[str, Any], int]:
        result: dict[str, Any] = {}
        marks: list[int] = []  # the values' places, stored in the table at the end
        children: list[tuple[int, int]] = []  # (position, number) of values that are containers
        get, child, key_marks = self.get_event, self._child, self.key_marks
        at_limit = len(path) >= self.depth  # its values are one level deeper
        start: Any  # an event's start mark, never None from the parser (the stubs allow it)
        while type(event := get()) is not MappingEndEvent:
            # The short way for a key: an untagged scalar is a string key, which _key would
            # return as it is, unless it is plain and resolves to null or float (see IMPLICIT).
            if type(event) is ScalarEvent and event.tag is None:
                # one string per field name, however many accounts repeat it: at 100,000
                # accounts that is millions of copies of "enabled" or "last_rotated" saved
                key = intern(event.value)
                if event.implicit[0] and key[:1] in IMPLICIT and not plain_key(key):
                    self._key(event)  # refuses it
            else:
                key = self._key(event)
            if key in result:
                raise self._duplicate(event, path + (key,))  # noqa: RUF005
            if key_marks is not None:
                start = event.start_mark
                key_marks[path + (key,)] = (start.line + 1, start.column + 1)  # noqa: RUF005
            result[key] = child(get(), path, key, at_limit, marks, children)
        return result, self.table.container(marks, children, tuple(result))

    def _child(
        self,
        event: Any,
        path: JsonPath,
        step: str | int,
        at_limit: bool,
        marks: list[int],
        children: list[tuple[int, int]],
    ) -> Any:
        """An item of a sequence or a value of a mapping at `path`: its data. Its place goes to
        `marks`, and, for a mapping or sequence, its (position, number) to `children`.

        Most children are untagged scalars, taken the short way: one within the length, count
        and depth limits, which _node would mark and return as text unless it is plain and its
        first character has implicit resolvers (see IMPLICIT and Plain). Its tag is one that
        resolve gives, all allowed, so _node would refuse nothing here."""
        if (
            type(event) is ScalarEvent
            and event.tag is None
            and len(value := event.value) <= self.limits.max_scalar_length
            and self.nodes < self.limits.max_nodes
            and not at_limit
        ):
            self.nodes += 1
            start: Any = event.start_mark  # never None from the parser (the stubs allow it)
            mark = (start.line + 1) << 32 | (start.column + 1)  # see marks.py
            marks.append(mark)
            if event.implicit[0] and value[:1] in IMPLICIT:
                return self.plain(value, mark)
            return value
        value, mark, number = self._node(event, path + (step,))  # noqa: RUF005
        if number >= 0:
            children.append((len(marks), number))
        marks.append(mark)
        return value

    def _tag(self, event: Any, kind: type[Node], value: str | None) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            if kind is ScalarNode and event.implicit[0]:
                tag = plain_tag(value or "")  # what resolve answers here, for less work
            else:
                tag = self.parser.resolve(kind, value, event.implicit)  # type: ignore[no-untyped-call]
        if tag not in ALLOWED_TAGS:
            raise InputError.at(
                self.name,
                *event_mark(event),
                f"tag {quote_key(str(tag))} is not allowed: only plain data is accepted",
            )
        return str(tag)

    def _key(self, event: Any) -> str:
        """A mapping key the general way: anything but a string key is refused here."""
        mark = event_mark(event)
        if isinstance(event, AliasEvent):
            raise self._undefined(event)
        if isinstance(event, (SequenceStartEvent, MappingStartEvent)):
            self._skip()  # as the composer does, read the whole key before judging it
        if not isinstance(event, ScalarEvent) or self._key_tag(event) not in KEY_TAGS:
            raise InputError.at(self.name, *mark, "mapping keys must be plain strings")
        return intern(str(event.value))

    def _key_tag(self, event: Any) -> str | None:
        """A key's tag, None where it is not allowed at all: the composing reader words both
        the same way ("mapping keys must be plain strings"), and so must this one."""
        try:
            return self._tag(event, ScalarNode, event.value)
        except InputError:
            return None

    def _duplicate(self, event: Any, path: JsonPath) -> InputError:
        if self.key_marks is None:
            # Where the first one was is not kept: read the text again, keeping key marks; that
            # reading stops at this same key and raises this error, with the first's line.
            _EventReader(self.text, self.name, self.limits, keep_key_marks=True).read()
        assert self.key_marks is not None  # the reading above cannot get past this key
        first = self.key_marks[path]
        return InputError.at(
            self.name,
            *event_mark(event),
            f"duplicate key {quote_key(str(path[-1]))} (first defined at line {first[0]})",
        )

    def _over_limit(self, event: Any, path: JsonPath) -> InputError:
        limits = self.limits
        if self.nodes >= limits.max_nodes:
            return too_many(self.name, event_mark(event), limits)
        return InputError.at(self.name, *event_mark(event), too_deep(limits))

    def _undefined(self, event: Any) -> _UndefinedAlias:
        where = event_mark(event)
        return _UndefinedAlias([Problem(self.name, *where, "invalid YAML: found undefined alias")])

    def _skip(self) -> None:
        """Consume one collection's events (its start is already read)."""
        depth = 1
        get = self.get_event
        while depth:
            event = get()
            if isinstance(event, AliasEvent):
                raise self._undefined(event)
            if isinstance(event, (SequenceStartEvent, MappingStartEvent)):
                depth += 1
            elif isinstance(event, (SequenceEndEvent, MappingEndEvent)):
                depth -= 1
