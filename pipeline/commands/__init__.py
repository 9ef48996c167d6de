"""The CLI commands, one module each, imported only when one runs or shows its own help.

Each table below names a command: the module (relative to this package) and attribute it lives
in, and its short help, the first sentence of its help text, so that `briefcheck --help` (and
`briefcheck review --help`) can list the commands without importing them. This module imports
nothing; tests/test_cli_lazy.py checks every entry against the command's real help."""

# name: (module, attribute, first sentence of the command's help)
COMMANDS = {
    "check": (".check", "check",
              "Check one or more briefing FILES (or folders of them) and print a report for each."),
    "run": (".run", "run",
            "Check every new briefing (*.txt, *.md, recursively) in INBOX: one report per briefing, flagged "
            "claims into the review queue, and a run summary."),
    "runs": (".run", "runs", "List past batch runs: counts, flags, LLM calls, tokens, cost and time."),
    "review": (".review", "review",
               "Review flagged claims: list them, confirm or dismiss each with a note, see a claim's history, "
               "export decisions, open the review page, calibrate the flagging from the decisions."),
    "mail": (".mail", "mail",
             "Digest emails: each run's digest is written to the outbox ($BRIEFCHECK_HOME/outbox, or "
             "`run --outbox DIR`) as an .eml file; `mail send` sends what is pending over SMTP, once."),
    "eval": (".eval", "eval_",
             "Measure the embedded checker on labelled source/summary pairs (JSON Lines with source, summary, "
             "label) and print balanced accuracy beside the word-overlap baseline."),
    "config": (".config", "config",
               "Print every setting with its value and source (default / file / env)."),
}

# `briefcheck review`'s commands that live in their own modules (the rest are in review.py).
REVIEW_COMMANDS = {
    "serve": (".review_serve", "serve",
              "Serve the review page: the queue with counts, filters and paging; each claim in its section with "
              "its evidence in the story; confirm / dismiss with a note (keys j/k, c/d, n); a briefing's "
              "consistency matrix; the calibration chart."),
    "calibrate": (".review_calibrate", "calibrate",
                  "Turn review decisions into the share of flags reviewers confirmed per verdict, role and rule "
                  "(counts, 95% interval), and propose per-role score thresholds and rules to demote per role "
                  "that would have kept the confirmed flags and dropped the dismissed ones."),
}
