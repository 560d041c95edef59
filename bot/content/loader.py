"""Load a content file into a :class:`ContentPack`, with errors that name their place.

A Pemda edits the YAML by hand, so every fault is reported as ``file:line: path: problem``,
e.g. ``content/values_id.yaml:42: value_sets.berakhlak.values.1.name: Field required``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.content.models import ContentPack, ValueSet


@dataclass(frozen=True)
class ContentProblem:
    """One fault in a content file."""

    line: int | None
    """1-based line in the file, when known."""
    where: str
    """Dotted path inside the YAML (``value_sets.besaoh.values.0``), or '' for the file."""
    message: str

    def render(self, path: Path) -> str:
        place = f"{path}:{self.line}" if self.line else str(path)
        if self.where:
            return f"{place}: {self.where}: {self.message}"
        return f"{place}: {self.message}"


class ContentError(Exception):
    """A content file that cannot be used; ``problems`` lists every fault found."""

    def __init__(self, path: Path, problems: list[ContentProblem]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(p.render(path) for p in problems))


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key written twice in one mapping (PyYAML keeps the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _line_of(root: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    """Follow a pydantic error location through the YAML node tree to a line number."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == str(part)), None)
            if match is None:
                break
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            node = node.value[part]
        else:
            break
        line = node.start_mark.line + 1
    return line


def parse_content(text: str, path: Path) -> ContentPack:
    """Parse and validate content text; ``path`` is only used in messages."""
    try:
        root = yaml.compose(text, Loader=_UniqueKeyLoader)
        data = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = " ".join(p for p in (exc.context, exc.problem) if p) or str(exc)
        raise ContentError(path, [ContentProblem(line, "", f"invalid YAML: {message}")]) from exc
    except yaml.YAMLError as exc:
        raise ContentError(path, [ContentProblem(None, "", f"invalid YAML: {exc}")]) from exc
    if not isinstance(data, dict):
        raise ContentError(path, [ContentProblem(1, "", "the file must be a YAML mapping")])
    try:
        return ContentPack.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            pointed = err.get("ctx", {}).get("where")
            if isinstance(pointed, str):
                # A whole-file check (duplicate ids) that knows which item is at fault.
                loc = tuple(int(p) if p.isdigit() else p for p in pointed.split("."))
            where = ".".join(str(p) for p in loc)
            problems.append(ContentProblem(_line_of(root, loc), where, err["msg"]))
        raise ContentError(path, problems) from exc


def load_content(path: Path) -> ContentPack:
    """Read and validate a content file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ContentError(path, [ContentProblem(None, "", "file not found")]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(path, [ContentProblem(None, "", f"cannot read: {exc}")]) from exc
    return parse_content(text, path)


def active_value_set(pack: ContentPack, set_id: str, path: Path) -> ValueSet:
    """The value set ``set_id`` (VALUE_SET) of ``pack``, or a ContentError naming the choices."""
    if set_id in pack.value_sets:
        return pack.value_sets[set_id]
    known = ", ".join(sorted(pack.value_sets))
    problem = ContentProblem(
        None, "value_sets", f"VALUE_SET {set_id!r} is not here; known: {known}"
    )
    raise ContentError(path, [problem])
