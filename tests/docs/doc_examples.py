"""The examples of the README and docs/ read out of their Markdown and run.

A page is a sequence of fenced code blocks; four kinds are examples:

- a **session**, a block whose first line starts with `$ `: each `$ ` line is a command
  (a line ending in `\\` or an open quote goes on), the lines after it are what it prints.
  A command exits 0 unless it ends in a comment `# exit N` or the next command is
  `echo $?`. A line `...` in the output stands for any lines.
- a **python** block: run (the blocks of a page share their names, as cells of one
  notebook); `>>>` blocks run as doctests; a plain block right after a python block is
  what the python block prints.
- a **turtle** block: an excerpt of the built graph, every statement of it in `graph.ttl`.
- a **sparql** block: a piece of a bundled query file, as written there.

Other blocks (diagrams, synopses, `make` lines) are no examples; they hold no `$ ` or
`>>> ` line. An HTML comment right before a block speaks to the runner:
`<!-- example: not run, WHY -->`, `<!-- example: needs the shared folder -->`, or
`<!-- example: setup` + shell lines + `-->` (run before the block, for files it needs).

Timings (a decimal number of seconds or milliseconds) and the port of a `tnkg serve`
started for the page are normalised; nothing else is. `TNKG_UPDATE_DOCS=1 pytest tests/docs`
writes what the examples print into the pages, where it differs (except outputs holding
`...`): run it after a change of output and read the diff before committing it.
"""

from __future__ import annotations

import contextlib
import doctest
import glob
import io
import os
import re
import shlex
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Graph
from support import REPO, Outcome, run_tnkg

from tnkg.serve.launch import free_port, stop_process, wait_until_answers

FENCE = re.compile(r"^(`{3,})(\w*)\s*$")
DIRECTIVE = re.compile(r"^<!--\s*example:\s*(.*?)\s*-->", re.S | re.M)
EXIT_NOTE = re.compile(r"\s+#\s*exit (\d+)\s*$")
TIMING = re.compile(r"\b\d+\.\d+ (m?s)\b")
SHELL_SYNTAX = set("|&;<>()$`")
DEFAULT_PORT = 7878
VENV_BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Block:
    """One fenced code block of a page: where it starts, its language and text, the
    runner's directive before it, and the block that shows a python block's output."""

    page: Path
    line: int
    info: str
    text: str
    directive: str = ""
    output: Block | None = None

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(REPO)}:{self.line}"

    @property
    def kind(self) -> str:
        first = self.text.lstrip("\n").split("\n", 1)[0]
        if first.startswith("$ "):
            return "session"
        if self.info == "python":
            return "doctest" if ">>> " in self.text else "python"
        if self.info in ("turtle", "sparql"):
            return self.info
        return "text"


def read_blocks(page: Path) -> list[Block]:
    """The page's fenced blocks in order, each python block holding the block after it
    as its output when that one is a plain block."""
    lines = page.read_text(encoding="utf-8").split("\n")
    blocks: list[Block] = []
    i, between = 0, []
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            between.append(lines[i])
            i += 1
            continue
        fence, info, start = opening[1], opening[2], i + 1
        i += 1
        body = []
        while i < len(lines) and lines[i].strip() != fence:
            body.append(lines[i])
            i += 1
        i += 1
        directives = DIRECTIVE.findall("\n".join(between).rsplit("\n\n", 1)[-1])
        block = Block(page, start, info, "\n".join(body), directives[-1] if directives else "")
        follows_python = blocks and blocks[-1].kind == "python" and not "".join(between).strip()
        if follows_python and info in ("", "text") and block.kind == "text":
            previous = blocks.pop()
            blocks.append(Block(previous.page, previous.line, previous.info, previous.text,
                                previous.directive, block))
        else:
            blocks.append(block)
        between = []
    return blocks


@dataclass(frozen=True)
class Step:
    """A command of a session, the lines the page shows it printing, and where they start
    (counted in lines from the block's first line)."""

    command: str
    printed: list[str]
    offset: int


def session_commands(text: str) -> list[Step]:
    """The steps of a session block, one per `$ ` line."""
    steps: list[Step] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        command = lines[i][2:]
        i += 1
        while i < len(lines) and (command.endswith("\\") or not _closed(command)):
            command += "\n" + lines[i]
            i += 1
        offset, printed = i, []
        while i < len(lines) and not lines[i].startswith("$ "):
            printed.append(lines[i])
            i += 1
        steps.append(Step(command, printed, offset))
    return steps


def _closed(command: str) -> bool:
    try:
        shlex.split(command, comments=True)
    except ValueError:
        return False
    return True


def normalise(text: str, port: int | None = None, *, timings: bool = True) -> list[str]:
    """Lines as compared: timings masked, the port of the page's server as the default."""
    if port is not None:
        text = text.replace(f"127.0.0.1:{port}", f"127.0.0.1:{DEFAULT_PORT}")
    lines = [line.rstrip() for line in text.strip("\n").split("\n")]
    if timings:
        lines = [TIMING.sub(r"N \1", line) for line in lines]
    return lines if lines != [""] else []


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether `actual` is `expected`, a line `...` of it standing for any lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and matches(expected[1:], actual[1:])


@cache
def _graph(ttl: Path, mtime: float) -> tuple[Graph, str]:
    text = ttl.read_text(encoding="utf-8")
    prefixes = "".join(line + "\n" for line in text.split("\n") if line.startswith("@prefix"))
    return Graph().parse(data=text, format="turtle"), prefixes


@cache
def _query_files() -> str:
    return "\n".join(p.read_text("utf-8") for p in sorted((REPO / "queries").rglob("*.rq")))


@dataclass
class PageRun:
    """The examples of one page run in order in one workspace, as a reader would type them.

    `recorded` holds the outcome of commands a session fixture already ran in this
    workspace (the real-data build), so they are not run twice.
    """

    workspace: Path
    recorded: dict[str, Outcome] = field(default_factory=dict)
    shared: bool = True
    names: dict = field(default_factory=dict)
    last_code: int = 0
    server: subprocess.Popen | None = None
    port: int | None = None
    skipped: list[str] = field(default_factory=list)
    update: bool = False
    edits: list[tuple[int, int, list[str]]] = field(default_factory=list)

    def run_page(self, page: Path) -> None:
        """Run the page's examples; with `update`, write what they printed into the page
        where it differs (`TNKG_UPDATE_DOCS=1 pytest tests/docs`), instead of failing."""
        self.names = {"__name__": f"docs:{page.name}"}
        try:
            for block in read_blocks(page):
                self.run_block(block)
        finally:
            self.stop_server()
            if self.edits:
                lines = page.read_text(encoding="utf-8").split("\n")
                for start, end, new in sorted(self.edits, reverse=True):
                    lines[start:end] = new
                page.write_text("\n".join(lines), encoding="utf-8")

    def run_block(self, block: Block) -> None:
        if block.kind == "text":
            return
        if block.directive.startswith("not run"):
            self.skipped.append(f"{block.where}: {block.directive}")
            return
        if block.directive.startswith("needs the shared folder") and not self.shared:
            self.skipped.append(f"{block.where}: the shared folder is absent")
            return
        if block.directive.startswith("setup"):
            self.shell(block.directive.removeprefix("setup"))
        getattr(self, f"run_{block.kind}")(block)

    # sessions

    def run_session(self, block: Block) -> None:
        steps = session_commands(block.text)
        for n, step in enumerate(steps):
            note = EXIT_NOTE.search(step.command)
            command = EXIT_NOTE.sub("", step.command)
            outcome = self.run_command(command)
            expected = normalise("\n".join(step.printed))
            actual = normalise(outcome.output, self.port)
            assert set(expected) != {"..."}, f"{block.where}: `...` alone shows nothing"
            if not matches(expected, actual) and self.update and "..." not in expected:
                start = block.line + step.offset
                self.edits.append((start, start + len(step.printed),
                                   normalise(outcome.output, self.port, timings=False)))
                actual = expected
            assert matches(expected, actual), (
                f"{block.where}: `$ {command}` printed\n" + "\n".join(actual)
                + "\n\nwhere the page shows\n" + "\n".join(expected)
            )
            checked = n + 1 < len(steps) and steps[n + 1].command.strip() == "echo $?"
            want = int(note[1]) if note else None
            if want is not None or not checked:
                assert outcome.code == (want or 0), (
                    f"{block.where}: `$ {command}` exited {outcome.code}, not {want or 0}"
                )
            self.last_code = outcome.code

    def run_command(self, command: str) -> Outcome:
        if command in self.recorded:
            return self.recorded[command]
        if command.strip() == "echo $?":
            return Outcome(f"{self.last_code}\n", 0)
        if self.port is not None:
            command = command.replace(f"127.0.0.1:{DEFAULT_PORT}", f"127.0.0.1:{self.port}")
        words = self.words(command)
        if words and words[:2] == ["tnkg", "serve"]:
            return self.start_server(words[2:])
        if words and words[0] == "tnkg":
            return run_tnkg(words[1:], self.workspace)
        return self.shell(command)

    def words(self, command: str) -> list[str] | None:
        """The words of a plain `tnkg` command line, globs expanded as the shell would;
        None when the line needs a shell (pipes, redirections, variables)."""
        lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        words = list(lexer)
        if any(set(word) & SHELL_SYNTAX for word in words) or "\n" in command:
            return None
        expanded = []
        for word in words:
            found = sorted(glob.glob(word, root_dir=self.workspace)) if "*" in word else []
            expanded += found or [word]
        return expanded

    def shell(self, command: str) -> Outcome:
        env = {**os.environ, "COLUMNS": "100",
               "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        done = subprocess.run(["bash", "-c", command], cwd=self.workspace, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
        return Outcome(done.stdout.decode("utf-8"), done.returncode)

    # a server for the page's requests

    def start_server(self, args: list[str]) -> Outcome:
        self.stop_server()
        self.port = free_port()
        self.server = subprocess.Popen(
            [str(VENV_BIN / "tnkg"), "serve", *args, "--port", str(self.port)],
            cwd=self.workspace, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        announced = self.server.stdout.readline()
        wait_until_answers(self.server, f"http://127.0.0.1:{self.port}/health", 60,
                           f"tnkg serve ({announced.strip()})")
        return Outcome(announced, 0)

    def stop_server(self) -> None:
        if self.server is not None:
            stop_process(self.server, signal.SIGINT, timeout=15)
            self.server.stdout.close()
            self.server, self.port = None, None

    # python

    def _with_port(self, code: str) -> str:
        if self.port is None:
            return code
        return code.replace(f"127.0.0.1:{DEFAULT_PORT}", f"127.0.0.1:{self.port}")

    def run_python(self, block: Block) -> None:
        printed = io.StringIO()
        with contextlib.chdir(self.workspace), contextlib.redirect_stdout(printed):
            code = compile(self._with_port(block.text), block.where, "exec")
            exec(code, self.names)  # noqa: S102 - the page's own example
        if block.output is not None:
            expected = normalise(block.output.text)
            actual = normalise(printed.getvalue(), self.port)
            if not matches(expected, actual) and self.update and "..." not in expected:
                start = block.output.line
                self.edits.append((start, start + len(block.output.text.split("\n")),
                                   normalise(printed.getvalue(), self.port, timings=False)))
                actual = expected
            assert matches(expected, actual), (
                f"{block.where}: the python block printed\n" + "\n".join(actual)
                + "\n\nwhere the page shows\n" + "\n".join(expected)
            )

    def run_doctest(self, block: Block) -> None:
        test = doctest.DocTestParser().get_doctest(
            self._with_port(block.text), self.names, block.where, str(block.page), block.line
        )
        report = io.StringIO()
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS, verbose=False)
        with contextlib.chdir(self.workspace):
            runner.run(test, out=report.write, clear_globs=False)
        self.names.update(test.globs)  # a doctest works on a copy; the page's names live on
        assert not runner.failures, f"{block.where}: doctest failed\n{report.getvalue()}"

    # excerpts

    def run_turtle(self, block: Block) -> None:
        ttl = self.workspace / "tnkg-out" / "graph.ttl"
        graph, prefixes = _graph(ttl, ttl.stat().st_mtime)
        excerpt = Graph().parse(data=prefixes + block.text, format="turtle")
        missing = [triple for triple in excerpt if triple not in graph]
        assert not missing, f"{block.where}: not in tnkg-out/graph.ttl: {missing[:3]}"

    def run_sparql(self, block: Block) -> None:
        assert block.text.strip() in _query_files(), f"{block.where}: no bundled query has it"


def pages() -> list[Path]:
    """The README and every page of docs/."""
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
