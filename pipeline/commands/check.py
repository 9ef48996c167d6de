"""`briefcheck check FILE...`."""

from __future__ import annotations

import sys

import click

from .common import expand, fail_line
from .options import (ENCODING_EPILOG, HOME_EPILOG, SIZE_EPILOG, encoding_option, engine_options, make_engine,
                      resolve_encoding)


@click.command(epilog=f"{ENCODING_EPILOG} {SIZE_EPILOG} {HOME_EPILOG}")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per briefing (JSON Lines).")
@click.option("--fail-on", type=click.Choice(["flagged", "error", "never"]), default="flagged", show_default=True,
              help="Exit 1 when a claim is flagged / only when a claim could not be checked / never.")
@click.option("--explain", is_flag=True,
              help="Show which rule of the embedded engine's table decided each flag (JSON always has 'rule').")
@encoding_option
@engine_options
def check(files, as_json, fail_on, explain, encoding, **engine_kw):
    """Check one or more briefing FILES (or folders of them) and print a report for each."""
    from ..checker import check_briefing
    from ..errors import BriefcheckError
    from ..parse import parse_file
    from ..render import to_json_line, to_text

    failed = False
    encoding = resolve_encoding(encoding)
    files = list(expand(files))
    with make_engine(**engine_kw) as engine:
        for i, path in enumerate(files):
            try:
                report = check_briefing(parse_file(path, encoding), engine)
            except BriefcheckError as e:
                fail_line(str(e))
                failed = True
                continue
            click.echo(to_json_line(report) if as_json else to_text(report, explain=explain) + ("\n" if i < len(files) - 1 else ""))
            if fail_on == "flagged" and report.flagged:
                failed = True
            if fail_on == "error" and any(c.verdict == "error" for c in report.claims):
                failed = True
    sys.exit(1 if failed else 0)
