"""The `briefcheck` command: a thin shell over the library. Each command lives in
pipeline/commands/ and is registered here; heavy imports happen inside the commands so that
`briefcheck --help` stays fast."""

from __future__ import annotations

import click

from .commands import COMMANDS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefcheck")
def cli():
    """Check machine-written news briefings: extract claims, check them against the story,
    write digests, and queue doubtful claims for review.

    State lives in one SQLite database under $BRIEFCHECK_HOME (default: the platform's user
    data dir); `briefcheck config` shows every setting and where it came from."""


for _command in COMMANDS:
    cli.add_command(_command)


def main():
    cli(prog_name="briefcheck")


if __name__ == "__main__":
    main()
