"""Writes for campaigns: the plan and its parts (``plan``), submissions and receipts (``submissions``),
reminders (``reminders``). Import from here: ``from thidua.campaigns import services``."""

from .plan import *  # noqa: F403
from .plan import ALLOWED_TRANSITIONS, campaign_search_text  # noqa: F401
from .reminders import reminders_send  # noqa: F401,E402
from .submissions import (  # noqa: F401,E402
    ALLOWED_SUBMISSION_MOVES,
    receipt_record,
    submission_submit,
)
