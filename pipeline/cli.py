"""The `briefcheck` command: a thin shell over the library. Heavy imports happen inside the
commands so that `briefcheck --help` stays fast."""

from __future__ import annotations

import sys

import click

from .cli_options import engine_options, make_engine


def _fail_line(msg: str) -> None:
    click.echo(f"briefcheck: {msg}", err=True)


def _expand(paths):
    """A folder stands for the briefings inside it (*.txt, *.md, recursively, in path order)."""
    import os

    from .discover import discover, is_briefing_name

    for p in paths:
        if os.path.isdir(p) and not is_briefing_name(os.path.basename(os.path.normpath(p))):
            yield from (str(f.path) for f in discover(p))
        else:
            yield p


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefcheck")
def cli():
    """Check machine-written news briefings: extract claims, check them against the story,
    write digests, and queue doubtful claims for review."""


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per briefing (JSON Lines).")
@click.option("--fail-on", type=click.Choice(["flagged", "error", "never"]), default="flagged", show_default=True,
              help="Exit 1 when a claim is flagged / only when a claim could not be checked / never.")
@engine_options
def check(files, as_json, fail_on, **engine_kw):
    """Check one or more briefing FILES (or folders of them) and print a report for each."""
    from .checker import check_briefing
    from .errors import BriefcheckError
    from .parse import parse_file
    from .render import to_json_line, to_text

    failed = False
    files = list(_expand(files))
    with make_engine(**engine_kw) as engine:
        for i, path in enumerate(files):
            try:
                report = check_briefing(parse_file(path), engine)
            except BriefcheckError as e:
                _fail_line(str(e))
                failed = True
                continue
            click.echo(to_json_line(report) if as_json else to_text(report) + ("\n" if i < len(files) - 1 else ""))
            if fail_on == "flagged" and report.flagged:
                failed = True
            if fail_on == "error" and any(c.verdict == "error" for c in report.claims):
                failed = True
    sys.exit(1 if failed else 0)


@cli.command(name="eval")
@click.argument("data", type=click.Path(dir_okay=False, path_type=str))
@click.option("--limit", type=click.IntRange(min=1), help="Use only the first N records.")
@click.option("--cv", type=click.IntRange(min=0), default=0, show_default=True,
              help="K>1: grouped K-fold by article, fitting on K-1 folds and reporting out-of-fold figures.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option("--nli-model", envvar="BRIEFCHECK_NLI_MODEL", type=click.Path(exists=True),
              help="Measure your own ONNX NLI model folder instead of the shipped scorer. Env: BRIEFCHECK_NLI_MODEL.")
def eval_(data, limit, cv, as_json, nli_model):
    """Measure the embedded checker on labelled source/summary pairs (JSON Lines with
    source, summary, label) and print balanced accuracy beside the word-overlap baseline."""
    import json

    from .errors import BriefcheckError, NLIError
    from .evaluate import evaluate, load_records

    try:
        records = load_records(data)
        try:
            result = evaluate(records, cv=cv, limit=limit, nli_model=nli_model)
        except NLIError as e:
            _fail_line(str(e))
            sys.exit(2)
    except BriefcheckError as e:
        _fail_line(str(e))
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(f"{data}: {result['n']} records · {result['split']}")
    click.echo(f"  balanced accuracy   {result['balanced_accuracy']:.3f}   (threshold {result['threshold']:.3f})")
    click.echo(f"  word-overlap base   {result['baseline_balanced_accuracy']:.3f}")
    for k, v in result["recall"].items():
        click.echo(f"  recall {k:<13}{v:.3f}")
    click.echo(f"  time per record     {result['seconds_per_record'] * 1000:.1f} ms")
    f = result.get("flags")  # the verdict rules are measured with the shipped scorer only
    if f and f["sentences"]:
        prec = "-" if f["flagged_precision"] is None else f"{f['flagged_precision']:.2f}"
        rec = "-" if f["flagged_recall"] is None else f"{f['flagged_recall']:.2f}"
        click.echo(f"  verdict rules on {f['sentences']} annotated summary sentences ({f['unsupported']} unsupported): "
                   f"{f['flagged']} flagged, precision {prec}, recall {rec}")


def main():
    cli(prog_name="briefcheck")


from . import cli_run  # noqa: E402,F401  (registers `run` and `runs`)
from . import cli_review  # noqa: E402,F401  (registers `review`)

if __name__ == "__main__":
    main()
