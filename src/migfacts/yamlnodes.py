"""Parse a YAML file into its node tree, strictly: one document, no aliases, no duplicate keys.

PyYAML's loaders silently keep the last of two equal keys and expand aliases;
composing nodes instead keeps every key and every line number, so that the
schema (`schema.py`) can type each value and say where it went wrong.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from migfacts.errors import Problem
from migfacts.textnorm import line_at

try:  # libyaml is several times faster; fall back where it is not built in.
    from yaml import CSafeLoader as SafeLoader

    _BYTE_POSITIONS = True  # libyaml reads UTF-8: a character it refuses is placed by its byte offset
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

    _BYTE_POSITIONS = False

_MERGE = "tag:yaml.org,2002:merge"
_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")
"""Line breaks to YAML, not to an editor: after one, YAML's line numbers are not the file's."""
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""The line breaks of a file, as `textnorm.line_at` counts them."""
_CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = frozenset(
    _CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge")
)


class _Loader(SafeLoader):  # type: ignore[valid-type,misc]
    """The safe loader, remembering the tag of each plain scalar: fact files repeat the same keys and words.

    It is called for every node of every file (500 a source file), so it does no more than its answer
    needs: the safe loader has no path resolvers (checked below), which leaves a plain scalar's tag to
    its text alone and every other node its kind's default tag."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0]:
            return _plain_tag(value)
        return _DEFAULT_TAGS[kind]

    def descend_resolver(self, current_node: Node | None, current_index: object) -> None:
        """Nothing to follow: no path resolvers."""

    def ascend_resolver(self) -> None:
        """Nothing to follow: no path resolvers."""


@lru_cache(maxsize=4096)
def _plain_tag(value: str) -> str:
    return SafeLoader.resolve(_RESOLVER, ScalarNode, value, (True, False))


_RESOLVER = _Loader("")  # the loader's own resolvers, outside any document
_DEFAULT_TAGS = {
    ScalarNode: _RESOLVER.DEFAULT_SCALAR_TAG,
    SequenceNode: _RESOLVER.DEFAULT_SEQUENCE_TAG,
    MappingNode: _RESOLVER.DEFAULT_MAPPING_TAG,
}
if _Loader.yaml_path_resolvers:  # pragma: no cover - PyYAML's safe loader has none
    raise ImportError("the YAML loader has path resolvers: yamlnodes._Loader.resolve would ignore them")

__all__ = ["MappingNode", "Node", "ScalarNode", "SequenceNode", "compose", "line_of"]


def line_of(node: Node) -> int:
    """The 1-based line a node starts on."""
    return node.start_mark.line + 1


def compose(text: str, path: Path) -> tuple[Node | None, list[Problem]]:
    """The node tree of a YAML text, or the problems that stop it being one. Lines are the file's lines, as
    an editor counts them (YAML also breaks lines at U+0085, U+2028 and U+2029)."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = _line(text, mark.index) if mark else None
        what = error.problem or "invalid YAML"
        if error.context:
            what = f"{error.context}: {what}" if "found" in what else what
        if "mapping values are not allowed" in what:
            what += " (a value that holds ': ' must be quoted)"
        return None, [Problem(path, line, f"invalid YAML: {what}")]
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, such as U+0000
        return None, [Problem(path, _reader_line(text, error.position), f"invalid YAML: {_refused(error)}")]
    except yaml.YAMLError as error:
        return None, [Problem(path, None, f"invalid YAML: {error}")]
    if root is None:
        return None, [Problem(path, 1, "the file holds no YAML document")]
    if not text.isascii() and _OTHER_BREAKS.search(text):  # (isascii: a flag of the string, no scan)
        _editor_lines(root, text)
    tagged = _tag_problems(root, path) if "!" in text else []
    if tagged:
        return None, tagged
    return root, _structural_problems(root, path, aliases="*" in text)


def _tag_problems(root: Node, path: Path) -> list[Problem]:
    """Tags other than YAML's own types (`!!python/object/apply:os.system`, `!thing`): a fact file holds text,
    numbers and dates, and its nodes are never built into objects; a tag is refused by name, the file unread."""
    return [
        Problem(path, line_of(node), f"the YAML tag '{node.tag.replace(_CORE, '!!', 1)}' is not allowed in a fact file")
        for node in _nodes(root)
        if node.tag not in _PLAIN_TAGS
    ]


def _nodes(root: Node) -> Iterator[Node]:
    """Every node of a tree once, keys included, however many aliases reach it."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


def _line(text: str, index: int) -> int:
    """The 1-based line of the character at INDEX (at the end of the text: the last line)."""
    return line_at(text, min(index, len(text.rstrip("\r\n"))))


def _reader_line(text: str, position: int) -> int:
    if _BYTE_POSITIONS:
        before = text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "ignore")
        return line_at(before, len(before))
    return _line(text, position)  # pragma: no cover - depends on how PyYAML was built


def _refused(error: yaml.reader.ReaderError) -> str:
    """YAML's words for a character it refuses, on one line."""
    char = error.character
    code = f"U+{char:04X}" if isinstance(char, int) else repr(char)
    return f"a character YAML does not allow ({code}): {error.reason}"


def _editor_lines(root: Node, text: str) -> None:
    """Each node's line counted as an editor counts it (as `textnorm.line_at` does)."""
    starts = [0] + [match.end() for match in _LINE_BREAK.finditer(text)]
    for node in _nodes(root):
        mark = node.start_mark
        line = bisect_right(starts, mark.index) - 1
        node.start_mark = yaml.Mark(mark.name, mark.index, line, mark.index - starts[line], None, None)


def _structural_problems(root: Node, path: Path, aliases: bool = True) -> list[Problem]:
    """Aliases, duplicate keys, merge keys and keys that are no text; `aliases` False when the text has no
    `*`, so that no node can be reached twice and none needs remembering."""
    problems: list[Problem] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if aliases:
            if id(node) in seen:
                problems.append(Problem(path, line_of(node), "YAML aliases (*name) are not allowed in a fact file"))
                continue
            seen.add(id(node))
        if isinstance(node, MappingNode):
            keys: dict[str, Node] = {}  # the first node of each key, for the line of a duplicate
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    first = keys.get(key.value)
                    if first is None:
                        keys[key.value] = key
                    else:
                        problems.append(
                            Problem(
                                path,
                                line_of(key),
                                f"duplicate key '{key.value}' (first at line {line_of(first)})",
                            )
                        )
                    if key.tag == _MERGE:
                        problems.append(Problem(path, line_of(key), "YAML merge keys (<<) are not allowed"))
                else:
                    problems.append(Problem(path, line_of(key), "a key must be plain text"))
                if aliases or not isinstance(value, ScalarNode):  # a scalar has nothing more to check
                    stack.append(value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return problems
