"""Read the Dockerfile, .dockerignore and docker-compose.yml the way Docker does, for tests.

No Docker engine runs on the test machines, so the tests check these files by reading them:
a small Dockerfile parser (continuation lines, comments, stages, exec form, ENV and LABEL
pairs, HEALTHCHECK options), the .dockerignore matching rules, and the commented-out examples
of the compose file made live.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

_CONTINUATION: Final = re.compile(r"\\\s*$")
_VARIABLE: Final = re.compile(r"\$(?:\{(?P<braced>\w+)\}|(?P<bare>\w+))")
# A commented-out line of YAML: "key:" or "key: value" or "- item" after the "# ".
_YAML_LINE: Final = re.compile(r"^\s*(?:-\s+\S|[A-Za-z_][\w.-]*:(?:\s|$))")
_COMMENT: Final = re.compile(r"^(?P<indent>\s*)#(?: (?P<text>.*))?$")


@dataclass(frozen=True, slots=True)
class Instruction:
    """One Dockerfile instruction, continuation lines joined."""

    keyword: str
    arguments: str
    line: int


@dataclass(frozen=True, slots=True)
class Copy:
    """A COPY: its sources, its destination and the stage it copies from (None: the context)."""

    sources: tuple[str, ...]
    destination: str
    stage: str | None


@dataclass(frozen=True, slots=True)
class HealthCheck:
    """A HEALTHCHECK: its options ("interval": "30s") and its exec-form command."""

    options: Mapping[str, str]
    command: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Stage:
    """One build stage: its base image, its name and its instructions."""

    image: str
    name: str | None
    instructions: tuple[Instruction, ...]

    def all(self, keyword: str) -> list[Instruction]:
        """Return every instruction with this keyword, in order."""
        return [i for i in self.instructions if i.keyword == keyword]

    def last(self, keyword: str) -> Instruction | None:
        """Return the instruction with this keyword that takes effect (the last one)."""
        found = self.all(keyword)
        return found[-1] if found else None

    def args(self) -> dict[str, str]:
        """Return the ARG defaults declared in this stage."""
        values: dict[str, str] = {}
        for instruction in self.all("ARG"):
            name, _, default = instruction.arguments.partition("=")
            values[name.strip()] = default.strip().strip('"')
        return values

    def env(self, base: Mapping[str, str]) -> dict[str, str]:
        """Return the environment ENV builds on top of `base`, expanding $VARIABLES."""
        values = dict(base)
        for instruction in self.all("ENV"):
            values |= {k: expand(v, values) for k, v in pairs(instruction.arguments).items()}
        return values

    def labels(self) -> dict[str, str]:
        """Return the image labels, with ARG defaults expanded."""
        values: dict[str, str] = {}
        for instruction in self.all("LABEL"):
            values |= pairs(instruction.arguments)
        return {key: expand(value, self.args()) for key, value in values.items()}

    def copies(self) -> list[Copy]:
        """Return the COPY instructions, in order."""
        return [copy_of(instruction) for instruction in self.all("COPY")]

    def exec_form(self, keyword: str) -> list[str] | None:
        """Return the JSON (exec) form of ENTRYPOINT or CMD, or None for the shell form."""
        instruction = self.last(keyword)
        if instruction is None or not instruction.arguments.startswith("["):
            return None
        value = json.loads(instruction.arguments)
        return [str(word) for word in value]

    def healthcheck(self) -> HealthCheck | None:
        """Return the HEALTHCHECK in effect, None when there is none or it is NONE."""
        instruction = self.last("HEALTHCHECK")
        if instruction is None or instruction.arguments.strip().upper() == "NONE":
            return None
        options: dict[str, str] = {}
        rest = instruction.arguments.strip()
        while rest.startswith("--"):
            option, _, rest = rest.partition(" ")
            name, _, value = option[2:].partition("=")
            options[name] = value
            rest = rest.lstrip()
        keyword, _, command = rest.partition(" ")
        if keyword.upper() != "CMD" or not command.lstrip().startswith("["):
            raise ValueError(f"line {instruction.line}: HEALTHCHECK CMD is not in exec form")
        return HealthCheck(options, tuple(json.loads(command)))


def copy_of(instruction: Instruction) -> Copy:
    """Read a COPY instruction (shell form, with --from= and other options)."""
    words = shlex.split(instruction.arguments)
    options = [w for w in words if w.startswith("--")]
    paths = [w for w in words if not w.startswith("--")]
    stage = next((o.partition("=")[2] for o in options if o.startswith("--from=")), None)
    return Copy(tuple(paths[:-1]), paths[-1], stage)


def pairs(arguments: str) -> dict[str, str]:
    """Split the KEY=value pairs of an ENV or LABEL instruction (quotes as the shell reads)."""
    values = {}
    for word in shlex.split(arguments):
        key, sign, value = word.partition("=")
        if not sign:
            raise ValueError(f"{word!r} is not KEY=value")
        values[key] = value
    return values


def expand(value: str, variables: Mapping[str, str]) -> str:
    """Replace $NAME and ${NAME} as Docker does (an unknown variable becomes empty)."""
    return _VARIABLE.sub(lambda m: variables.get(m.group("braced") or m.group("bare"), ""), value)


def _instructions(text: str) -> Iterator[Instruction]:
    pending: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        # Comment and blank lines are dropped, inside a continued instruction too, as by Docker.
        if not stripped or stripped.startswith("#"):
            continue
        if not pending:
            start = number
        if _CONTINUATION.search(line):
            pending.append(_CONTINUATION.sub("", line))
            continue
        pending.append(line)
        joined = " ".join(part.strip() for part in pending if part.strip())
        pending = []
        keyword, _, arguments = joined.partition(" ")
        yield Instruction(keyword.upper(), arguments.strip(), start)
    if pending:
        raise ValueError(f"line {start}: the last instruction ends with a continuation")


def parse_dockerfile(path: Path) -> list[Stage]:
    """Return the build stages of a Dockerfile, in order."""
    stages: list[Stage] = []
    current: list[Instruction] = []
    header: Instruction | None = None
    for instruction in _instructions(path.read_text(encoding="utf-8")):
        if instruction.keyword == "FROM":
            if header is not None:
                stages.append(_stage(header, current))
            header, current = instruction, []
        elif header is None:
            if instruction.keyword != "ARG":
                raise ValueError(f"line {instruction.line}: {instruction.keyword} before FROM")
        else:
            current.append(instruction)
    if header is None:
        raise ValueError(f"{path} has no FROM")
    stages.append(_stage(header, current))
    return stages


def _stage(header: Instruction, instructions: list[Instruction]) -> Stage:
    words = header.arguments.split()
    words = [w for w in words if not w.startswith("--")]
    name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
    return Stage(words[0], name, tuple(instructions))


class DockerIgnore:
    """The rules of a .dockerignore: the last matching pattern decides, "!" re-includes."""

    def __init__(self, text: str) -> None:
        self._rules: list[tuple[re.Pattern[str], bool]] = []
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            keep = line.startswith("!")
            pattern = os.path.normpath(line.removeprefix("!").strip()).lstrip("/")
            self._rules.append((re.compile(_pattern_regex(pattern)), keep))

    @property
    def has_exceptions(self) -> bool:
        """Tell whether any rule re-includes paths (so an ignored folder can't be skipped)."""
        return any(keep for _, keep in self._rules)

    def ignores(self, path: str) -> bool:
        """Tell whether a context-relative path ("bot/app.py") stays out of the context."""
        parts = path.strip("/").split("/")
        # A pattern that matches a folder also leaves out everything inside it.
        candidates = ["/".join(parts[:end]) for end in range(1, len(parts) + 1)]
        ignored = False
        for regex, keep in self._rules:
            if any(regex.fullmatch(candidate) for candidate in candidates):
                ignored = not keep
        return ignored

    def context(self, root: Path) -> list[str]:
        """Return every file of the build context under `root`, as relative paths, sorted."""
        found = []
        for folder, dirs, files in os.walk(root):
            relative = Path(folder).relative_to(root)
            if not self.has_exceptions:
                dirs[:] = [d for d in dirs if not self.ignores((relative / d).as_posix())]
            found += [
                (relative / name).as_posix()
                for name in files
                if not self.ignores((relative / name).as_posix())
            ]
        return sorted(found)


def _pattern_regex(pattern: str) -> str:
    """Translate a Go filepath.Match pattern with Docker's "**" into a regular expression."""
    out = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.index("]", index)
            body = pattern[index + 1 : end].replace("\\", "\\\\")
            out.append("[" + ("^" + body[1:] if body.startswith("^") else body) + "]")
            index = end
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)


def uncomment_examples(text: str) -> str:
    """Make live the commented-out YAML at the end of each comment block of a YAML file.

    A block of comment lines ending in lines that read as YAML ("# secrets:", "#   - name")
    is a switched-off example; those lines lose their "# " and keep their indentation.
    """
    lines = text.splitlines()
    result = list(lines)
    index = 0
    while index < len(lines):
        if not _COMMENT.match(lines[index]):
            index += 1
            continue
        end = index
        while end < len(lines) and _COMMENT.match(lines[end]):
            end += 1
        first = end
        while first > index and _is_commented_yaml(lines[first - 1]):
            first -= 1
        for number in range(first, end):
            match = _COMMENT.match(lines[number])
            assert match is not None
            result[number] = match.group("indent") + (match.group("text") or "")
        index = end
    return "\n".join(result) + "\n"


def _is_commented_yaml(line: str) -> bool:
    match = _COMMENT.match(line)
    return bool(match and match.group("text") and _YAML_LINE.match(match.group("text")))
