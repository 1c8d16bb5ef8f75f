"""YAML for rule files: composed to nodes (for line/column), bounded, plain data only.

Rule packs may come from users (``--rules DIR``), so loading must never execute anything or
blow up: aliases are capped in number and in expanded size (no billion-laughs), only the core
YAML tags are accepted (``!!python/...`` is refused, not merely unconstructible), files have a
size limit and duplicate mapping keys are an error instead of a silent overwrite.
"""

from __future__ import annotations

import yaml

MAX_FILE_BYTES = 1 << 20
MAX_ALIASES = 32
MAX_EXPANDED_NODES = 200_000
MAX_DEPTH = 64  # nesting of collections (PyYAML composes recursively; rule files nest a few levels)

_CORE_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp", "binary", "merge")
)


class YamlError(Exception):
    """A problem at a position in a YAML file (line and column are 1-based)."""

    def __init__(self, reason: str, line: int = 1, column: int = 1):
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.column = column


def _position(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


class BoundedLoader(yaml.SafeLoader):
    """SafeLoader that counts alias uses and nesting depth while composing."""

    def __init__(self, stream):
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                event = self.peek_event()
                raise YamlError(f"too many YAML aliases (more than {MAX_ALIASES})", *_position(event.start_mark))
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:  # before Python's recursion limit is reached
                event = self.peek_event()
                raise YamlError(f"YAML nested more than {MAX_DEPTH} levels deep", *_position(event.start_mark))
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _offset_position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset into `text`."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def compose(text: str) -> yaml.Node | None:
    """The node tree of one YAML document, checked for size, tags and duplicate keys."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise YamlError(f"file larger than {MAX_FILE_BYTES} bytes")
    try:
        loader = BoundedLoader(text)
    except yaml.reader.ReaderError as exc:  # a control character such as NUL anywhere in the text
        character = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        raise YamlError(f"YAML: character {character} is not allowed ({exc.reason})",
                        *_offset_position(text, exc.position)) from None
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(f"YAML syntax: {exc.problem or exc.context}", *_position(mark)) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML syntax: {exc}") from None
    finally:
        loader.dispose()
    if node is not None:
        _inspect(node)
    return node


def _inspect(root: yaml.Node) -> None:
    """Refuse foreign tags and duplicate keys; bound the expanded size of the tree."""
    budget = MAX_EXPANDED_NODES
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        budget -= 1
        if budget < 0:
            raise YamlError(f"YAML expands to more than {MAX_EXPANDED_NODES} nodes", *_position(root.start_mark))
        if node.tag not in _CORE_TAGS:
            raise YamlError(f"YAML tag {node.tag!r} is not allowed in a rule file", *_position(node.start_mark))
        if isinstance(node, yaml.MappingNode):
            if id(node) not in seen:
                keys: set = set()
                for key, _ in node.value:
                    if isinstance(key, yaml.ScalarNode):
                        if key.value in keys:
                            raise YamlError(f"duplicate key {key.value!r}", *_position(key.start_mark))
                        keys.add(key.value)
                seen.add(id(node))
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def construct(node: yaml.Node | None):
    """Plain Python data (dict/list/str/int/float/bool/None) from a checked node tree."""
    if node is None:
        return None
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        raise YamlError(f"YAML: {exc.problem}", *_position(exc.problem_mark)) from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. an impossible date: 2026-13-45
        raise YamlError(f"YAML: {exc}", *_position(_bad_scalar(node))) from None
    finally:
        loader.dispose()


def _bad_scalar(root: yaml.Node):
    """The start mark of the first scalar that does not construct (None if none is found)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            try:
                yaml.SafeLoader("").construct_object(node)
            except (ValueError, TypeError, OverflowError, yaml.YAMLError):
                return node.start_mark
        elif isinstance(node, yaml.MappingNode):
            stack.extend(v for pair in reversed(node.value) for v in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return None


def node_at(root: yaml.Node | None, path) -> yaml.Node | None:
    """The deepest node along a JSON path (keys and indexes); stops where the path leaves the tree."""
    node = root
    for part in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = child
    return node


def key_node(mapping: yaml.Node | None, key: str) -> yaml.Node | None:
    """The key node (not the value) of `key` in a mapping node, to point at an unexpected key."""
    if isinstance(mapping, yaml.MappingNode):
        return next((k for k, _ in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
    return None


def position(node: yaml.Node | None) -> tuple[int, int]:
    return _position(node.start_mark if node is not None else None)
