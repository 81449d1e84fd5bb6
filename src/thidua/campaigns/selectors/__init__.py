"""Reads for campaigns, scoped to the user: the plan (``plan``) and the deadlines' overviews (``submissions``)."""

from .plan import *  # noqa: F403
from .plan import Participant, ParticipantGroup  # noqa: F401
