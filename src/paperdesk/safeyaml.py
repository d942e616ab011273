"""YAML from files a user did not write: a tree of values with their lines, inside limits.

PyYAML's own composer and constructor are recursive and expand aliases as they go, so a few
hundred bytes of nested aliases (a "billion laughs") grow to gigabytes, and a few thousand
levels of nesting end in ``RecursionError``. Here the parser's event stream (libyaml when it
is installed) is composed with an explicit stack: aliases share the anchored value instead of
copying it, the size a value would have if every alias were expanded is counted as it is
built, and nesting, expanded size and file size each have a limit. Every error is a
:class:`YamlLimitError` or :class:`YamlSyntaxError` carrying the 1-based line.

Scalars stay text as written (``1810.04805`` is not a float); a plain ``~``, ``null`` or empty
scalar is ``None``. Tags other than YAML's core ones (``!!python/object``, ``!custom``) are
refused, not ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_BYTES = 16 << 20  # a 20,000-paper list with claims is about 5 MB
MAX_DEPTH = 64  # a reading list needs 6
MAX_VALUES = 1_000_000  # values after alias expansion

_CORE = "tag:yaml.org,2002:"
_CORE_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")}
_NULLS = ("", "~", "null", "Null", "NULL")


class YamlError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class YamlSyntaxError(YamlError):
    """Text that is not YAML."""


class YamlLimitError(YamlError):
    """YAML that is valid but too big, too deep, or uses a tag we do not accept."""


class Node:
    """A YAML value with the line it starts on (1-based): a ``dict[str, Node]``, a
    ``list[Node]``, a ``str`` or ``None``. ``size`` counts the values it holds, aliases
    expanded."""

    __slots__ = ("line", "size", "value")

    def __init__(self, value: Any, line: int, size: int = 1) -> None:
        self.value = value
        self.line = line
        self.size = size


@dataclass
class _Open:
    node: Node
    anchor: str | None
    key: Node | None = None  # a mapping's pending key
    want_key: bool = True


def _line(event: Any) -> int:
    mark = getattr(event, "start_mark", None)
    return mark.line + 1 if mark is not None else 1


def _check_tag(event: Any) -> None:
    tag = getattr(event, "tag", None)
    if tag is None or tag == "!" or tag in _CORE_TAGS:
        return
    raise YamlLimitError(_line(event), f"unsupported YAML tag {tag!r}")


def compose(
    text: str,
    *,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    max_values: int = MAX_VALUES,
) -> Node | None:
    """The first document of ``text`` as a :class:`Node` tree (None for an empty file)."""
    import yaml

    if len(text) > max_bytes:  # characters, not bytes: a cheap bound, exact enough for a limit
        raise YamlLimitError(
            1, f"the file is {len(text) / 2**20:.1f} MB; at most {max_bytes >> 20} MB is read"
        )
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    anchors: dict[str, Node] = {}
    stack: list[_Open] = []
    root: Node | None = None
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.DocumentEndEvent) and root is not None:
                break
            node: Node | None = None
            anchor = getattr(event, "anchor", None)
            if isinstance(event, yaml.ScalarEvent):
                _check_tag(event)
                value: str | None = event.value
                if event.tag == _CORE + "null" or (not event.style and value in _NULLS):
                    value = None
                node = Node(value, _line(event))
            elif isinstance(event, yaml.AliasEvent):
                node = anchors.get(event.anchor)
                if node is None:
                    raise YamlSyntaxError(_line(event), f"unknown alias *{event.anchor}")
                if any(o.node is node for o in stack):
                    raise YamlLimitError(
                        _line(event), f"alias *{event.anchor} is inside the value it names"
                    )
                anchor = None
            elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                _check_tag(event)
                if len(stack) >= max_depth:
                    raise YamlLimitError(_line(event), f"nested more than {max_depth} levels deep")
                empty: Any = [] if isinstance(event, yaml.SequenceStartEvent) else {}
                opened = Node(empty, _line(event))
                if anchor:
                    anchors[anchor] = opened
                stack.append(_Open(opened, anchor))
                continue
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                node = stack.pop().node
                anchor = None  # registered when it opened
            else:
                continue
            if anchor:
                anchors[anchor] = node
            if not stack:
                root = node
                continue
            _add(stack[-1], node, max_values)
    except yaml.MarkedYAMLError as exc:
        raise _syntax(exc) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, f"not valid YAML: {exc}") from None
    return root


def _add(parent: _Open, node: Node, max_values: int) -> None:
    container = parent.node
    if isinstance(container.value, list):
        container.value.append(node)
    elif parent.want_key:
        if isinstance(node.value, dict | list):
            raise YamlLimitError(node.line, "a mapping key must be plain text")
        parent.key, parent.want_key = node, False
        return
    else:
        key = parent.key
        assert key is not None
        name = "" if key.value is None else str(key.value)
        if name in container.value:
            raise YamlLimitError(key.line, f"duplicate key '{name}'")
        container.value[name] = node
        parent.key, parent.want_key = None, True
    container.size += node.size
    if container.size > max_values:
        raise YamlLimitError(
            node.line,
            f"more than {max_values:,} values once aliases are expanded (an alias bomb?)",
        )


def _syntax(exc: Any) -> YamlSyntaxError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    message = f"not valid YAML: {exc.problem or exc.context}"
    if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
        message += f" ({exc.context} that starts at line {exc.context_mark.line + 1})"
    return YamlSyntaxError(line, message)
