# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""The examples of README.md and docs/*.md run as written.

Every code block that starts with `$ ` is a transcript: each `$` line runs
in bash, with the real `orbax-options` on the PATH, in a fresh directory
that holds the source tree's examples/, and its output (stderr, then
stdout: diagnostics come first) must be the lines under it, exactly.
Every Python block of README.md runs, from the same kind of directory;
what it prints must be the `# ` comment lines right after its print()
calls. Every relative link of every page names a file that exists, and
a heading there when it has a #fragment (GitHub's anchors).
"""

import contextlib
import glob
import io
import os
import re
import subprocess

import pytest

from conftest import CLI, SOURCE_DIR

PAGES = sorted([os.path.join(SOURCE_DIR, "README.md")] +
               glob.glob(os.path.join(SOURCE_DIR, "docs", "*.md")))


def blocks(page):
    """The fenced code blocks of `page`: (language, first line number,
    lines)."""
    found, current = [], None
    with open(page, encoding="utf-8") as f:
        for number, line in enumerate(f.read().split("\n"), 1):
            if line.strip().startswith("```"):
                if current is None:
                    current = (line.strip()[3:], number + 1, [])
                else:
                    found.append(current)
                    current = None
            elif current is not None:
                current[2].append(line)
    assert current is None, f"{page}: a block is not closed"
    return found


def case_id(page, number):
    return f"{os.path.relpath(page, SOURCE_DIR)}:{number}"


TRANSCRIPTS = [
    pytest.param(lines, id=case_id(page, number)) for page in PAGES
    for _, number, lines in blocks(page) if lines and lines[0].startswith("$ ")
]
README_PYTHON = [
    pytest.param(lines, id=case_id(page, number))
    for page in PAGES[:1] for language, number, lines in blocks(page)
    if language == "python"
]


@pytest.fixture
def workdir(tmp_path):
    """A directory with examples/ and `orbax-options` on the PATH."""
    os.symlink(os.path.join(SOURCE_DIR, "examples"), tmp_path / "examples")
    (tmp_path / "bin").mkdir()
    os.symlink(CLI, tmp_path / "bin" / "orbax-options")
    return tmp_path


def test_the_pages_have_examples():
    assert len(TRANSCRIPTS) >= 5
    assert len(README_PYTHON) >= 1


@pytest.mark.parametrize("lines", TRANSCRIPTS)
def test_transcript_runs_as_written(lines, workdir):
    env = dict(os.environ,
               PATH=f"{workdir / 'bin'}{os.pathsep}{os.environ['PATH']}")
    commands = [i for i, line in enumerate(lines) if line.startswith("$ ")]
    for start, end in zip(commands, commands[1:] + [len(lines)]):
        command = lines[start][2:]
        result = subprocess.run(["bash", "-c", command],
                                cwd=workdir,
                                env=env,
                                capture_output=True,
                                text=True,
                                timeout=120,
                                check=False)
        assert (result.stderr + result.stdout).split("\n")[:-1] == \
            lines[start + 1:end], command


@pytest.mark.parametrize("lines", README_PYTHON)
def test_readme_python_runs_as_written(lines, workdir, monkeypatch):
    expected = [
        line[2:] for before, line in zip(lines, lines[1:])
        if "print(" in before and line.startswith("# ")
    ]
    monkeypatch.chdir(workdir)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile("\n".join(lines), "README.md", "exec"), {})  # pylint: disable=exec-used
    assert out.getvalue().split("\n")[:-1] == expected


def anchors(page):
    """The anchors GitHub gives the headings of `page`."""
    found = set()
    in_block = False
    with open(page, encoding="utf-8") as f:
        for line in f:
            if line.strip().startswith("```"):
                in_block = not in_block
            elif not in_block and line.startswith("#"):
                title = line.lstrip("#").strip().lower()
                found.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: case_id(p, 1))
def test_relative_links_resolve(page):
    with open(page, encoding="utf-8") as f:
        text = f.read()
    missing = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, fragment = target.partition("#")
        path = os.path.join(os.path.dirname(page), path) if path else page
        if not os.path.exists(path) or (fragment and
                                        fragment not in anchors(path)):
            missing.append(target)
    assert missing == []
