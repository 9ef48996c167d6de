"""`briefcheck eval DATA.jsonl`."""

from __future__ import annotations

import sys

import click

from .common import fail_line, usage_exit


@click.command(name="eval")
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

    import os

    from ..errors import BriefcheckError, NLIError
    from ..settings import SettingsError
    from ..evaluate import evaluate, load_records

    if not os.path.exists(data):
        usage_exit([f"{data}: no such file"])
    try:
        records = load_records(data)
        try:
            result = evaluate(records, cv=cv, limit=limit, nli_model=nli_model)
        except (NLIError, SettingsError) as e:
            fail_line(str(e))
            sys.exit(2)
    except BriefcheckError as e:
        fail_line(str(e))
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
        for name, r in f.get("by_rule", {}).items():
            prec = "-" if r["precision"] is None else f"{r['precision']:.2f}"
            click.echo(f"    rule {name:<22}{r['fired']:>5} decided, {r['annotated_unsupported']:>4} annotated unsupported,"
                       f" precision {prec}")
        click.echo(f"    (base rate of unsupported sentences {f['unsupported'] / f['sentences']:.2f})")
