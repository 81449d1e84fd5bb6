"""The wording the council office edits for each kind of document, versioned: every save is a new version, the
latest is in use, the earlier ones stay for the record (a document issued under one can be explained)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.models import BaseModel


class DocumentKind(models.TextChoices):
    DECISION = "decision", _("Decision on commendations (province)")
    UNIT_DECISION = "unit_decision", _("Decision on commendations (a unit's own)")
    DEADLINE_REPORT = "deadline_report", _("Report on a deadline")
    MEETING_MINUTES = "meeting_minutes", _("Minutes of a council meeting")
    VOTE_MINUTES = "vote_minutes", _("Minutes of a vote count")


class DocumentTemplate(BaseModel):
    """One version of a document kind's fixed wording (``content``: the căn cứ lines beyond the legal ones, the
    Nơi nhận lines, the signer's title and name, the introduction…) and, optionally, the office's Word template
    (a DOCX with docxtpl fields) that lays the document out instead of the built-in layout."""

    kind = models.CharField(_("kind of document"), max_length=30, choices=DocumentKind.choices)
    version = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("wording"), default=dict, blank=True)
    word_template = models.FileField(_("Word template"), upload_to="templates/%Y/", max_length=255, blank=True)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="one_template_version_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"
