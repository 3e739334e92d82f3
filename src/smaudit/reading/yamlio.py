"""Safe, bounded YAML/JSON loading into plain data plus an index of source locations.

Every file users write (inventories, controls, profiles, waivers) comes through here, so the rules
that keep smaudit honest live in one place: YAML 1.2 scalars (``yes`` is a string, not ``true``;
dates stay strings until the model parses them), no object tags, no duplicate keys, bounded alias
expansion and nesting, and every problem reported as file:line:column.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from sys import intern
from types import ModuleType
from typing import Any, ClassVar

import yaml
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
from yaml.resolver import BaseResolver

from smaudit.errors import InputError, Problem
from smaudit.reading.inputs import charge_values, clamped, read_input, too_large
from smaudit.reading.marks import EMPTY, MarkTable, MarkTableBuilder, pack, unpack
from smaudit.safety.redact import quote_key
from smaudit.safety.secrets import check_no_secrets
from smaudit.safety.terminal import display_path

_speedups: ModuleType | None
try:  # the C reader: built at install time where a compiler and libyaml's headers are found
    from smaudit.reading import _speedups
except ImportError:  # pragma: no cover - depends on how smaudit was built
    _speedups = None
if getattr(_speedups, "INTERFACE", None) != 2:  # pragma: no cover - built from older source
    _speedups = None

try:  # libyaml is ~10x faster; fall back to the pure-Python parser where it is not built.
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    # The C reader walks libyaml's events and leaves every judgement to the Python reader:
    # the two must share one parser, so without PyYAML's libyaml there is no C reader either.
    _speedups = None
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


JsonPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
SEQ, MAP = _TAG + "seq", _TAG + "map"
_ALLOWED_TAGS = {STR, INT, FLOAT, BOOL, NULL, SEQ, MAP}


# The deepest nesting any reader reads, whatever --max-depth says. Below it every reader gives
# the same answer; above it each has a limit of its own that would word the refusal its own way:
# Python's recursion (the composing and event readers recurse about three frames a level, so
# they stop near 330 levels), and the libyaml bundled with PyYAML 6.0.3 and later, which stops
# at 1,000. No inventory, control or waiver comes near it: the deepest shipped file has 9.
DEEPEST = 200


@dataclass(frozen=True)
class Limits:
    """Bounds on what reading may cost; each can be raised from the command line (max_depth up
    to DEEPEST: readers clamp a higher value to it). max_bytes, max_depth and max_scalar_length
    bound each file; max_nodes, max_total_bytes and max_evaluations a whole run, whatever the
    number of files its inputs are spread over (see inputs.run_budget). The defaults are sized
    so that any run they admit reads in about 256 MB (SECURITY.md has the measurements): 1.2
    million values is an inventory of 12,000 accounts that record every field, or 400,000
    accounts that record two."""

    max_bytes: int = 64 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 1_200_000
    max_scalar_length: int = 1_000_000
    max_total_bytes: int = 128 * 1024 * 1024
    max_evaluations: int = 600_000
    """Accounts times controls: what evaluating costs, whatever the size of the accounts."""
    nodes_note: str = ""
    """How max_nodes came to be what it is, for the refusal's words (see inputs.clamped)."""


DEFAULT_LIMITS = Limits()


class _Resolver(BaseResolver):
    """The YAML 1.2 core schema: only true/false are booleans, dates stay strings."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}  # type: ignore[misc]


for _tag, _regexp, _first in (
    (BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        FLOAT,
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
):
    _Resolver.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))


# The implicit resolvers by first character ('' for the empty scalar). BaseResolver.resolve
# gives an untagged plain scalar the tag of the first of its first character's resolvers that
# matches, else str; it would also consult wildcard (None) and path resolvers, but _Resolver has
# neither (a test checks). So a scalar that is quoted, or plain with a first character not in
# this table, is a str without asking resolve: most scalars, decided by one lookup.
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = _Resolver.yaml_implicit_resolvers
_FIRST_CHARACTERS = "".join(_IMPLICIT)  # for the C reader: "" adds nothing


def _plain_tag(value: str) -> str:
    """What _Resolver's resolve gives an untagged plain scalar (tests check the two agree)."""
    for tag, regexp in _IMPLICIT.get(value[:1], ()):
        if regexp.match(value):
            return tag
    return STR


_KEY_TAGS = (STR, INT, BOOL)  # the scalars a mapping key may be, kept as written


class _Loader(_Parser, _Resolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Resolver.__init__(self)


@dataclass(frozen=True)
class Document:
    """A parsed file: plain JSON-like data, the place of every value (1-based line and column
    packed into one int, see marks.py) and of every key (a (line, column) tuple)."""

    file: str
    data: Any
    marks: MarkTable = field(repr=False)
    key_marks: Mapping[JsonPath, tuple[int, int]] = field(repr=False)

    def where(self, path: JsonPath, *, key: bool = False) -> tuple[int, int]:
        """(line, column) of `path`, or of its nearest ancestor that exists."""
        for end in range(len(path), -1, -1):
            if key and (found := self.key_marks.get(path[:end])):
                return found
            if mark := self.marks.get(path[:end]):
                return unpack(mark)
        return (1, 1)


def load_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read one YAML or JSON file; raise InputError with a location for anything unusable."""
    return load_bytes(read_input(path, limits.max_bytes), display_path(path), limits)


def load_bytes(
    raw: bytes, name: str, limits: Limits = DEFAULT_LIMITS, *, written_by_people: bool = True
) -> Document:
    """Read one file's bytes (see load_file); within a run budget, its values count towards
    the run's (inputs.run_budget). A file that people write (all but smaudit's own feeds) is
    refused where it holds anything like a credential, before any check could quote it."""
    if len(raw) > limits.max_bytes:
        raise too_large(name, len(raw), limits.max_bytes)
    limits = clamped(limits)
    doc = _load(raw, name, limits)
    charge_values(len(doc.marks))
    if written_by_people:
        check_no_secrets(doc, raw)
    return doc


def _load(raw: bytes, name: str, limits: Limits) -> Document:
    text = decode_text(raw, name)
    if "&" in text:
        return read_composed(text, name, limits)
    # Without an anchor there can be no alias: build straight from the parser's events,
    # three times faster than composing a node graph first, with the same result; and in C
    # where the extension is built, six times faster again.
    bom = 3 if raw.startswith(_BOM) else 0  # as decode_text drops it
    return read_fast(memoryview(raw)[bom:], text, name, limits) or read_events(text, name, limits)


def read_events(text: str, name: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    with _yaml_errors(text, name, limits):
        return _EventReader(text, name, limits).read()


def read_fast(
    utf8: bytes | memoryview, text: str, name: str, limits: Limits = DEFAULT_LIMITS
) -> Document | None:
    """What read_events gives, read by the C extension (see _speedups.c); None where it is not
    built or leaves the document to read_events: anything but plain data, and every error."""
    if _speedups is None:
        return None
    try:
        read = _speedups.read(
            utf8,
            # C integers: a limit above them is no limit, as it is for the Python reader
            min(limits.max_nodes, sys.maxsize),
            # past the depth limit the C reader leaves the file to the Python reader, which
            # words the refusal
            depth_limit(limits),
            min(limits.max_scalar_length, sys.maxsize),
            _FIRST_CHARACTERS,
            "" in _IMPLICIT,
            _Plain(name, limits).read,
            _plain_key,
        )
    except (RecursionError, InputError):
        # An error found on the way (a number too long to read, say) is the Python reader's to
        # report: it reads on to the end first, where a syntax error would be reported instead.
        return None
    if read is None:
        return None
    if isinstance(read, int):  # more values than the limit: the Python reader would stop there
        raise _too_many(name, unpack(read), limits)
    data, marks, refs, bases, shapes, root_mark, root = read
    table = MarkTable(
        memoryview(marks).cast("Q"),
        memoryview(refs).cast("i"),
        memoryview(bases).cast("q"),
        shapes,
        root_mark,
        root,
    )
    return Document(name, data, table, _KeyMarks(text, name, limits))


class _KeyMarks(Mapping[JsonPath, tuple[int, int]]):
    """Where each mapping key is written, read again from the text the first time one is asked
    for. Only messages about a key need these (an unknown field, a secret's name), and most
    runs have none: a table of every key would be a fifth of a large inventory's memory."""

    def __init__(self, text: str, name: str, limits: Limits) -> None:
        self._source: tuple[str, str, Limits] | None = (text, name, limits)
        self._table: dict[JsonPath, tuple[int, int]] = {}

    def _loaded(self) -> dict[JsonPath, tuple[int, int]]:
        if self._source is not None:
            text, name, limits = self._source
            # the text was read once already: there is nothing left to report
            with _yaml_errors(text, name, limits):
                reader = _EventReader(text, name, limits, keep_key_marks=True)
                reader.read()
            self._table, self._source = reader.key_marks or {}, None
        return self._table

    def __getitem__(self, path: JsonPath) -> tuple[int, int]:
        return self._loaded()[path]

    def __iter__(self) -> Iterator[JsonPath]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


def read_composed(text: str, name: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """The general path: compose the node graph, size it (aliases), then build."""
    node = _compose(text, name, limits)
    if node is not None:
        _check_expansion(node, name, limits)
    builder = _Builder(name, limits)
    if node is None:
        return Document(name, None, EMPTY, builder.key_marks)
    with _yaml_errors(text, name, limits):
        data, mark, number = builder.build(node)
    return Document(name, data, builder.table.finish(mark, number), builder.key_marks)


_BOM = b"\xef\xbb\xbf"


def decode_text(raw: bytes, name: str) -> str:
    """The file as text: UTF-8, a byte-order mark dropped; InputError at the first bad byte
    or NUL, with its line and column."""
    if raw.startswith(_BOM):
        raw = raw[3:]  # a UTF-8 byte-order mark is harmless; editors on Windows add it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError.at(name, line, column, "file is not valid UTF-8 text") from None
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        raise InputError.at(name, line, column, "file contains a NUL byte (binary data?)")
    return text


@contextmanager
def _yaml_errors(text: str, name: str, limits: Limits) -> Iterator[None]:
    """Every way the parser can refuse a file, as one located InputError."""
    try:
        yield
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        if exc.problem == _LIBYAML_TOO_DEEP:
            raise InputError.at(name, line, column, too_deep(limits)) from None
        problem = exc.problem or "invalid YAML"
        if exc.context and "single document" in exc.context:
            problem = _SEVERAL_DOCUMENTS
        raise InputError.at(name, line, column, f"invalid YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:  # the pure-Python reader's check for control codes
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise InputError.at(
            name, line, column, f"invalid YAML: character #x{exc.character:04x} is not allowed"
        ) from None
    except yaml.YAMLError as exc:
        raise InputError.at(name, 0, 0, f"invalid YAML: {exc}") from None
    except RecursionError:  # pragma: no cover - DEEPEST keeps every reader above this
        raise InputError.at(name, 0, 0, too_deep(limits)) from None


def depth_limit(limits: Limits) -> int:
    """The deepest nesting the readers accept under these limits."""
    return min(limits.max_depth, DEEPEST)


def too_deep(limits: Limits) -> str:
    """The one wording of a file nested past the depth limit, whichever reader found it: ours,
    or libyaml's own limit, which it meets first where it is below the whole file's depth."""
    deepest = depth_limit(limits)
    if deepest < DEEPEST:
        return f"nesting deeper than {deepest} levels; raise --max-depth"
    return (
        f"nesting deeper than {DEEPEST} levels, the most smaudit reads "
        "(an attack, or a machine-generated file gone wrong)"
    )


# What libyaml says where its own nesting limit refuses a file (PyYAML 6.0.3 and later bundle a
# libyaml that has one, at 1,000 levels; earlier ones read on to our limit)
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"
_SEVERAL_DOCUMENTS = "expected one YAML document, found several (remove the extra '---')"


def _count_events(text: str, name: str, limits: Limits) -> None:
    """Before composing a node graph (a few hundred bytes a node), make sure the file has not
    far more nodes than the limit: a key and its value are two events but one value, so more
    than twice the limit in events is more values than the limit, certainly."""
    most = 2 * limits.max_nodes
    parser = _Loader(text)
    counted = (ScalarEvent, AliasEvent, SequenceStartEvent, MappingStartEvent)
    count = 0
    try:
        with _yaml_errors(text, name, limits):
            while not isinstance(event := parser.get_event(), StreamEndEvent):
                if isinstance(event, counted):
                    count += 1
                    if count > most:
                        raise _too_many(name, _event_mark(event), limits)
    finally:
        parser.dispose()


def _compose(text: str, name: str, limits: Limits) -> Node | None:
    if len(text) > 2 * limits.max_nodes:  # a shorter text cannot hold that many events
        _count_events(text, name, limits)
    loader = None
    try:
        with _yaml_errors(text, name, limits):
            loader = _Loader(text)
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
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
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
        if node.tag not in _ALLOWED_TAGS:
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
        return _convert(node.tag, node.value, _mark(node), self.name, self.limits)


# The value is not quoted: the file is checked for secrets only once it is read, and an explicit
# tag on a secret (`x-password: !!float hunter2`) must not bring it into a message first.
_TAGGED = "a value tagged {} must be {} (the value is not shown)"


def _convert(tag: str, value: str, mark: tuple[int, int], name: str, limits: Limits) -> Any:
    """A resolved scalar as plain data, the same whichever way the document was read."""
    if len(value) > limits.max_scalar_length:
        raise InputError.at(name, *mark, f"value longer than {limits.max_scalar_length} characters")
    if tag == STR:
        return value
    if tag == NULL:
        return None
    if tag == BOOL:
        if value.lower() not in ("true", "false"):
            raise InputError.at(name, *mark, _TAGGED.format("!!bool", "true or false"))
        return value.lower() == "true"
    if tag == INT:
        try:
            return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
        except ValueError:
            raise InputError.at(name, *mark, _TAGGED.format("!!int", "a whole number")) from None
    low = value.lower()
    if low.lstrip("+-") in (".inf", ".nan"):
        return float(low.replace(".", ""))
    try:
        return float(value)
    except ValueError:
        raise InputError.at(name, *mark, _TAGGED.format("!!float", "a number")) from None


class _UndefinedAlias(InputError):
    pass


class _TooMany(InputError):
    """A file with more values than the limits allow: refused where the count is crossed, not
    read on to its end (a million more values would cost seconds to confirm nothing)."""


def _too_many(name: str, where: tuple[int, int], limits: Limits) -> _TooMany:
    message = (
        f"document has more than {limits.max_nodes} values{limits.nodes_note}; "
        "raise --max-nodes if genuine"
    )
    return _TooMany([Problem(name, *where, message)])


_PLAIN_KEPT = 4096  # how many plain scalars' readings one file keeps (see _Plain)


class _Plain:
    """Reads untagged plain scalars within the length limit whose first character has implicit
    resolvers, as _EventReader._node would; both readers of the event stream call it."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.name, self.limits = name, limits
        self.known: dict[str, Any] = {}

    def read(self, value: str, mark: int) -> Any:
        """A few such texts recur (true, false, small numbers), so their readings are kept, up
        to _PLAIN_KEPT of them. None, bools and ints are immutable and compare by value, so
        sharing one changes nothing; floats are not kept (a shared nan would compare equal to
        itself inside a list, a fresh one does not); a text that stays a string is returned as
        itself, the parser's object, as _convert does."""
        known = self.known
        if value in known:
            data = known[value]
        else:
            data = _convert(_plain_tag(value), value, unpack(mark), self.name, self.limits)
            if len(known) < _PLAIN_KEPT and type(data) is not float:
                known[value] = data
        return value if type(data) is str else data


def _plain_key(key: str) -> bool:
    """Whether an untagged plain key that may resolve is a string key all the same (see
    _EventReader._mapping)."""
    return _plain_tag(key) in _KEY_TAGS


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
        self.parser = _Loader(text)
        self.get_event: Callable[[], Any] = self.parser.get_event  # events, loosely typed
        self.table = MarkTableBuilder()
        self.nodes = 0  # read so far, for --max-nodes
        # kept only when asked for: otherwise the Document reads them again if ever needed
        self.key_marks: dict[JsonPath, tuple[int, int]] | None = {} if keep_key_marks else None
        self.plain = _Plain(name, limits).read

    def read(self) -> Document:
        try:
            data, marks = self._document()
        except (_UndefinedAlias, _TooMany) as exc:  # the composer stops at once on these: so do we
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
            keys = _KeyMarks(self.text, self.name, self.limits)
        return Document(self.name, data, marks, keys)

    def _drain(self) -> None:
        get = self.get_event
        while not isinstance(event := get(), StreamEndEvent):
            if isinstance(event, AliasEvent):
                raise self._undefined(event)
            if isinstance(event, DocumentStartEvent):
                raise InputError.at(
                    self.name, *_event_mark(event), f"invalid YAML: {_SEVERAL_DOCUMENTS}"
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
            raise InputError.at(
                self.name, *_event_mark(event), f"invalid YAML: {_SEVERAL_DOCUMENTS}"
            )
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
        where = _event_mark(event)
        mark = pack(*where)
        if kind is ScalarEvent:
            tag = self._tag(event, ScalarNode, event.value)
            return _convert(tag, event.value, where, self.name, self.limits), mark, -1
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
            # return as it is, unless it is plain and resolves to null or float (see _IMPLICIT).
            if type(event) is ScalarEvent and event.tag is None:
                # one string per field name, however many accounts repeat it: at 100,000
                # accounts that is millions of copies of "enabled" or "last_rotated" saved
                key = intern(event.value)
                if event.implicit[0] and key[:1] in _IMPLICIT and not _plain_key(key):
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
        first character has implicit resolvers (see _IMPLICIT and _Plain). Its tag is one that
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
            if event.implicit[0] and value[:1] in _IMPLICIT:
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
                tag = _plain_tag(value or "")  # what resolve answers here, for less work
            else:
                tag = self.parser.resolve(kind, value, event.implicit)  # type: ignore[no-untyped-call]
        if tag not in _ALLOWED_TAGS:
            raise InputError.at(
                self.name,
                *_event_mark(event),
                f"tag {quote_key(str(tag))} is not allowed: only plain data is accepted",
            )
        return str(tag)

    def _key(self, event: Any) -> str:
        """A mapping key the general way: anything but a string key is refused here."""
        mark = _event_mark(event)
        if isinstance(event, AliasEvent):
            raise self._undefined(event)
        if isinstance(event, (SequenceStartEvent, MappingStartEvent)):
            self._skip()  # as the composer does, read the whole key before judging it
        if not isinstance(event, ScalarEvent) or self._key_tag(event) not in _KEY_TAGS:
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
            *_event_mark(event),
            f"duplicate key {quote_key(str(path[-1]))} (first defined at line {first[0]})",
        )

    def _over_limit(self, event: Any, path: JsonPath) -> InputError:
        limits = self.limits
        if self.nodes >= limits.max_nodes:
            return _too_many(self.name, _event_mark(event), limits)
        return InputError.at(self.name, *_event_mark(event), too_deep(limits))

    def _undefined(self, event: Any) -> _UndefinedAlias:
        where = _event_mark(event)
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


def _event_mark(event: Any) -> tuple[int, int]:
    return (event.start_mark.line + 1, event.start_mark.column + 1)


def iter_files(
    path: Path, suffixes: tuple[str, ...] = (".yaml", ".yml", ".json")
) -> Iterator[Path]:
    """The file itself, or every matching file below a folder, in a stable order."""
    if path.is_dir():
        yield from sorted(p for p in path.rglob("*") if p.suffix in suffixes and p.is_file())
    else:
        yield path
