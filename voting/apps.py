"""App config for voting: registers the conference's public records with the audit trail, never the ballots."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "voting"
    verbose_name = _("Bỏ phiếu, hội nghị")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # Not registered, on purpose: Participation, Ballot and BallotMark are written together by ballot_cast,
        # and audit entries carry a timestamp, an order (their ids) and a correlation id shared by one request,
        # which would link a ballot to its voter. VoterCode holds only keyed hashes and is written with the
        # session's opening, which is audited. The paper count (PaperCount, PaperTotal) is the committee's, per
        # session and never per voter: audited, like the session itself.
        for model in (
            models.Conference,
            models.Delegate,
            models.BallotSession,
            models.Pool,
            models.Candidate,
            models.PaperCount,
            models.PaperTotal,
            models.SummaryReport,
        ):
            auditlog.register(model)
