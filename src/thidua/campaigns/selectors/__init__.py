"""Reads for campaigns, scoped to the user: the plan (``plan``) and the deadlines' overviews (``submissions``)."""

from .home import home_overview  # noqa: F401
from .plan import *  # noqa: F403
from .plan import Participant, ParticipantGroup  # noqa: F401
from .submissions import (  # noqa: F401,E402
    Overview,
    OverviewRow,
    deadline_get,
    deadline_overview,
    deadline_participant_ids,
    deadline_participants,
    overview_scope,
    resend_basis,
    sending_unit,
    submission_get,
    submission_recipient,
    submissions_visible,
    version_get,
)
