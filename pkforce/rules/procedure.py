"""Procedure rules (PKF1xx): Article 3 of the 2007 Agreement and the 2021 Protocol."""

from __future__ import annotations

from collections.abc import Iterator

from .registry import Context, Finding, rule


@rule("PKF101", "application-missing")
def application_missing(ctx: Context) -> Iterator[Finding]:
    """
    An operation on a member's territory has no official application from the host state.

    ## What it checks
    That a `member_territory` operation's procedure has an `application` step.

    ## Why
    Article 3 of the Agreement on Peacekeeping Activities (2007): an operation on the territory
    of a member state is decided by the Collective Security Council *on the basis of that state's
    official application*.

    ## Example
    ```yaml
    operation: {kind: member_territory, host_state: KGZ}
    procedure:
      - step: council_decision
        date: 2027-01-02
    ```

    ## Fix
    Add the host state's application before the decision:
    `- {step: application, by: KGZ, date: 2027-01-01}`.
    """
    op = ctx.scenario.operation
    if op.kind != "member_territory" or ctx.first_step("application") is not None:
        return
    yield Finding(
        ("procedure",) if ctx.scenario.procedure else ("operation", "kind"),
        f"the operation is on {op.host_state}'s territory but the procedure has no official application "
        f"from {op.host_state}",
        f"add `- {{step: application, by: {op.host_state}, date: ...}}` before the council decision",
        at="key",
    )
