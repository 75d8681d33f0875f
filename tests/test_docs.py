"""The README is the manual: every command, setting and make target it must name is there."""
from __future__ import annotations

import dataclasses
import re

import click

from unkg.cli import cli
from unkg.config import Settings

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_cli_command_is_documented():
    for name in cli.commands:
        assert f"`unkg {name}" in README, f"`unkg {name}` is not in the README"


def test_every_cli_option_is_documented():
    for name, command in cli.commands.items():
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                assert any(opt in README for opt in param.opts), f"unkg {name} {param.opts} is not in the README"


def test_every_setting_is_documented():
    for f in dataclasses.fields(Settings):
        assert f"UNKG_{f.name.upper()}" in README, f"setting {f.name} (UNKG_{f.name.upper()}) is not in the README"


def test_quickstart_shows_the_two_commands_first():
    quick = README.split("## Quickstart", 1)[1]
    commands = re.findall(r"^make (\w+)", quick, flags=re.M)
    assert commands[:2] == ["run", "test"]


def test_ci_runs_make_test():
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, flags=re.M)
