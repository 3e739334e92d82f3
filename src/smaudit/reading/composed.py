"""The Python reader for files with anchors: compose the node graph, size its aliases, build.

An anchored value may be aliased (`*name`) any number of times, and an alias bomb (a few lines
that expand to billions of values) must be refused before anything is expanded. That takes the
node graph as a whole, each node sized once (_check_expansion); the event reader builds as it
reads and would learn the size only by expanding. The C reader (native.py) reads anchors and
aliases too, sizing each anchored value as it ends; this reader is its reference and fallback
where it is not built, and words every refusal of a file with anchors.
"""

from __future__ import annotations

from typing import Any

from yaml.events import (
    AliasEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from smaudit.errors import InputError
from smaudit.reading.document import Document, JsonPath
from smaudit.reading.limits import DEFAULT_LIMITS, Limits, depth_limit, too_deep, too_many
from smaudit.reading.marks import EMPTY, MarkTableBuilder, pack
from smaudit.reading.parser import Loader, event_mark, yaml_errors
from smaudit.reading.scalars import ALLOWED_TAGS, BOOL, INT, STR, convert
from smaudit.safety.redact import quote_key


def read_composed(text: str, name: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """The general path: compose the node graph, size it (aliases), then build."""
    node = _compose(text, name, limits)
    if node is not None:
        _check_expansion(node, name, limits)
    builder = _Builder(name, limits)
    if node is None:
        return Document(name, None, EMPTY, builder.key_marks)
    with yaml_errors(text, name, limits):
        data, mark, number = builder.build(node)
    return Document(name, data, builder.table.finish(mark, number), builder.key_marks)


def _count_events(text: str, name: str, limits: Limits) -> None:
    """Before composing a node graph (a few hundred bytes a node), make sure the file has not
    far more nodes than the limit: a key and its value are two events but one value, so more
    than twice the limit in events is more values than the limit, certainly."""
    most = 2 * limits.max_nodes
    parser = Loader(text)
    counted = (ScalarEvent, AliasEvent, SequenceStartEvent, MappingStartEvent)
    count = 0
    try:
        with yaml_errors(text, name, limits):
            while not isinstance(event := parser.get_event(), StreamEndEvent):
                if isinstance(event, counted):
                    count += 1
                    if count > most:
                        raise too_many(name, event_mark(event), limits)
    finally:
        parser.dispose()


def _compose(text: str, name: str, limits: Limits) -> Node | None:
    if len(text) > 2 * limits.max_nodes:  # a shorter text cannot hold that many events
        _count_events(text, name, limits)
    loader = None
    try:
        with yaml_errors(text, name, limits):
            loader = Loader(text)
            node: Node | None = loader.get_single_node()
            return node
    finally:
        if loader is not None:
            loader.dispose()


def _check_expansion(root: Node, name: str, limits: Limits) -> None:
    """Refuse alias bombs and self-referencing aliases before expanding anything: the size of
    the expanded document is computed over the shared node graph, each node once."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    # iterative post-order walk: a deep document must not exhaust Python's stack here either
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            children = _children(node)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            if sizes[key] > limits.max_nodes:
                raise InputError.at(
                    name,
                    *_mark(node),
                    f"document expands to more than {limits.max_nodes} values{limits.nodes_note} "
                    "through "
                    "aliases (an alias bomb?); raise --max-nodes if it is genuine",
                )
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise InputError.at(name, *_mark(node), "an alias refers to itself (a cycle)")
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _children(node: Node) -> list[Node]:
    """What a node expands into: a mapping's values, not its keys, since a key is no value
    (the other readers count so too); a key that is not a plain string is refused later."""
    if isinstance(node, MappingNode):
        return [value for _, value in node.value]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def _mark(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    """Turns a composed node graph into plain data, enforcing the limits as it goes."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.name = name
        self.limits = limits
        self.depth = depth_limit(limits)
        self.nodes = 0
        self.table = MarkTableBuilder()
        self.key_marks: dict[JsonPath, tuple[int, int]] = {}

    def fail(self, node: Node, message: str) -> InputError:
        return InputError.at(self.name, *_mark(node), message)

    def build(self, node: Node, path: JsonPath = ()) -> tuple[Any, int, int]:
        """The node's data, its packed place, and its number in the table if a container."""
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            raise self.fail(
                node,
                f"document expands to more than {self.limits.max_nodes} values"
                f"{self.limits.nodes_note} "
                "(an alias bomb?); raise --max-nodes if it is genuine",
            )
        if len(path) > self.depth:
            raise self.fail(node, too_deep(self.limits))
        if node.tag not in ALLOWED_TAGS:
            raise self.fail(
                node, f"tag {quote_key(node.tag)} is not allowed: only plain data is accepted"
            )
        mark = pack(*_mark(node))
        if isinstance(node, MappingNode):
            data, number = self._mapping(node, path)
            return data, mark, number
        if isinstance(node, SequenceNode):
            built = [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
            return [data for data, _, _ in built], mark, self._store(built, None)
        return self._scalar(node), mark, -1

    def _store(self, built: list[tuple[Any, int, int]], keys: tuple[str, ...] | None) -> int:
        children = [(i, number) for i, (_, _, number) in enumerate(built) if number >= 0]
        return self.table.container([mark for _, mark, _ in built], children, keys)

    def _mapping(self, node: MappingNode, path: JsonPath) -> tuple[dict[str, Any], int]:
        result: dict[str, Any] = {}
        built: list[tuple[Any, int, int]] = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in (STR, INT, BOOL):
                raise self.fail(key_node, "mapping keys must be plain strings")
            key = str(key_node.value)
            if key in result:
                first = self.key_marks[(*path, key)]
                raise self.fail(
                    key_node, f"duplicate key {quote_key(key)} (first defined at line {first[0]})"
                )
            self.key_marks[(*path, key)] = _mark(key_node)
            built.append(self.build(value_node, (*path, key)))
            result[key] = built[-1][0]
        return result, self._store(built, tuple(result))

    def _scalar(self, node: Node) -> Any:
        return convert(node.tag, node.value, _mark(node), self.name, self.limits)
