from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNCIL_OFFICE = "council_office", _("Council standing office")
    LEADER = "leader", _("Leader (Chairman, vice-chairman)")
    UNIT_HEAD = "unit_head", _("Unit head")
    UNIT_CLERK = "unit_clerk", _("Emulation clerk")
    COUNCIL_MEMBER = "council_member", _("Council member")
