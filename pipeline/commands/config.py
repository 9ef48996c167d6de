"""`briefcheck config`: the effective settings, where each came from, secrets masked."""

from __future__ import annotations

import sys

import click

from .common import fail_line


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the settings as one JSON object.")
def config(as_json):
    """Print every setting with its value and source (default / file / env). Settings come from
    BRIEFCHECK_<NAME> variables, then $BRIEFCHECK_HOME/settings.toml, then the defaults; secrets
    (API key, SMTP password, review token) are shown masked."""
    import json

    from .. import settings

    try:
        rows = settings.sources()
    except settings.SettingsError as e:
        fail_line(str(e))
        sys.exit(2)
    if as_json:
        click.echo(json.dumps({n: {"value": v, "source": s} for n, v, s in rows}))
        return
    click.echo(f"# settings file: {settings.settings_file()}")
    width = max(len(n) for n, _, _ in rows)
    for name, value, source in rows:
        click.echo(f"{name:<{width}}  {source:<7}  {value}")
