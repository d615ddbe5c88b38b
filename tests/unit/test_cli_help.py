"""Every command of the CLI explains itself."""

from __future__ import annotations

import click
from click.testing import CliRunner

from tracker.cli import app


def _walk(
    command: click.Command, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        context = click.Context(command)
        for name in command.list_commands(context):
            sub = command.get_command(context, name)
            assert sub is not None, f"`rectrack {name}` is listed but cannot be loaded"
            found.extend(_walk(sub, (*path, name)))
    return found


def test_every_command_has_help_text() -> None:
    commands = _walk(app)
    assert len(commands) > 2
    runner = CliRunner()
    for path, command in commands:
        assert (command.help or "").strip(), f"`rectrack {' '.join(path)}` has no help text"
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, result.output
        assert "Usage:" in result.output
        for parameter in command.params:
            if isinstance(parameter, click.Option) and not parameter.hidden:
                assert parameter.help, f"option {parameter.name} of {path} has no help"


def test_every_command_defined_is_registered() -> None:
    import importlib
    import pkgutil

    import tracker.cli
    from tracker.cli import COMMANDS

    registered = {(module, attribute) for module, attribute in COMMANDS.values()}
    names = [f"tracker.cli.{info.name}" for info in pkgutil.iter_modules(tracker.cli.__path__)]
    for name in names:
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if isinstance(value, click.Command) and value.callback.__module__ == module.__name__:
                assert (name, attribute) in registered, f"{name}.{attribute} is not registered"
