"""The docs are tested: every CLI command, setting and error code appears in the README."""
from pathlib import Path

import typer.main

from pipeline.cli import app
from pipeline.errors import CATALOGUE

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group, prefix=""):
    click_group = typer.main.get_command(group)
    for name, cmd in click_group.commands.items():
        if hasattr(cmd, "commands"):
            for sub in cmd.commands:
                yield f"{prefix}{name} {sub}"
        else:
            yield f"{prefix}{name}"


def test_readme_starts_with_the_two_commands():
    first = [ln.strip() for ln in README.splitlines() if ln.strip()][:2]
    assert first[0].startswith("make demo")
    assert first[1].startswith("make test")


def test_every_command_is_documented():
    missing = [c for c in _commands(app) if f"vanban {c}" not in README]
    assert not missing, f"commands missing from README: {missing}"


def test_every_error_code_is_documented():
    missing = [code for code in CATALOGUE if f"| {code} |" not in README]
    assert not missing, f"error codes missing from README: {missing}"


def test_every_setting_is_documented():
    for flag in ("--database-url", "VANBAN_DATABASE_URL", "--config", "VANBAN_CONFIG", "--registry"):
        assert flag in README, flag
