"""Parse a YAML file into its node tree, strictly: one document, no aliases, no duplicate keys.

PyYAML's loaders silently keep the last of two equal keys and expand aliases;
composing nodes instead keeps every key and every line number, so that the
schema (`schema.py`) can type each value and say where it went wrong.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from migfacts.errors import Problem

try:  # libyaml is several times faster; fall back where it is not built in.
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

_MERGE = "tag:yaml.org,2002:merge"


class _Loader(SafeLoader):  # type: ignore[valid-type,misc]
    """The safe loader, remembering the tag of each plain scalar: fact files repeat the same keys and words."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0] and not self.yaml_path_resolvers:
            return _plain_tag(value)  # a plain scalar's tag depends on its text alone
        return super().resolve(kind, value, implicit)


@lru_cache(maxsize=4096)
def _plain_tag(value: str) -> str:
    return SafeLoader.resolve(_RESOLVER, ScalarNode, value, (True, False))


_RESOLVER = _Loader("")  # the loader's own resolvers, outside any document

__all__ = ["MappingNode", "Node", "ScalarNode", "SequenceNode", "compose", "line_of"]


def line_of(node: Node) -> int:
    """The 1-based line a node starts on."""
    return node.start_mark.line + 1


def compose(text: str, path: Path) -> tuple[Node | None, list[Problem]]:
    """The node tree of a YAML text, or the problems that stop it being one."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        what = error.problem or "invalid YAML"
        if error.context:
            what = f"{error.context}: {what}" if "found" in what else what
        if "mapping values are not allowed" in what:
            what += " (a value that holds ': ' must be quoted)"
        return None, [Problem(path, line, f"invalid YAML: {what}")]
    except yaml.YAMLError as error:
        return None, [Problem(path, None, f"invalid YAML: {error}")]
    if root is None:
        return None, [Problem(path, 1, "the file holds no YAML document")]
    return root, _structural_problems(root, path, aliases="*" in text)


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
