from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AwardKind(models.TextChoices):
    TITLE = "title", _("Emulation title")
    FORM = "form", _("Commendation form")


class AwardLevel(models.TextChoices):
    GRASSROOTS = "grassroots", _("Grassroots")
    PROVINCE = "province", _("Province")
    NATIONAL = "national", _("National")


#: Levels from lowest to highest (initiatives and awards compare by this order).
LEVEL_ORDER = [AwardLevel.GRASSROOTS, AwardLevel.PROVINCE, AwardLevel.NATIONAL]


class Recipient(models.TextChoices):
    PERSON = "person", _("Person")
    COLLECTIVE = "collective", _("Collective")
    HOUSEHOLD = "household", _("Household")


class CommendationKind(models.TextChoices):
    """Loại hình khen thưởng (Luật Thi đua, khen thưởng 2022, Điều 7)."""

    MERIT = "merit", _("For merit and achievements")
    CAMPAIGN = "campaign", _("For a campaign or theme")
    AD_HOC = "ad_hoc", _("Ad hoc (exceptional deed)")
    SERVICE = "service", _("For a lifetime of service")
    SENIORITY = "seniority", _("For years of service")
    FOREIGN = "foreign", _("Foreign relations")


class Rating(models.TextChoices):
    """Yearly rating of a person or a collective (xếp loại chất lượng), best first."""

    EXCELLENT = "excellent", _("Completed tasks excellently")
    GOOD = "good", _("Completed tasks well")
    COMPLETED = "completed", _("Completed tasks")
    NOT_COMPLETED = "not_completed", _("Did not complete tasks")


#: Ratings from best to worst: a rule "at least good" passes excellent and good.
RATING_ORDER = [Rating.EXCELLENT, Rating.GOOD, Rating.COMPLETED, Rating.NOT_COMPLETED]


class DisciplineMeasure(models.TextChoices):
    """Disciplinary measures, lightest first."""

    REPRIMAND = "reprimand", _("Reprimand")
    WARNING = "warning", _("Warning")
    SALARY_DEMOTION = "salary_demotion", _("Salary demotion")
    DEMOTION = "demotion", _("Demotion")
    REMOVAL = "removal", _("Removal from post")
    DISMISSAL = "dismissal", _("Dismissal")


DISCIPLINE_ORDER = list(DisciplineMeasure)


class RuleOperator(models.TextChoices):
    """How a group of conditions combines: the law's "đủ các tiêu chuẩn sau", "một trong các tiêu chuẩn sau",
    and a negation."""

    ALL = "all", _("All of the following")
    ANY = "any", _("One of the following")
    NOT = "not", _("None of the following")


class RegimeScope(models.TextChoices):
    NATIONAL = "national", _("Law and decree")
    PROVINCE = "province", _("Province's regulation")


class DecidedBy(models.TextChoices):
    """Who decides an award (Luật Thi đua, khen thưởng 2022, Điều 80)."""

    UNIT = "unit", _("The unit's head")
    PROVINCE = "province", _("The Chairman of the provincial People's Committee")
    CENTRE = "centre", _("The centre (proposed by the province)")


class Route(models.TextChoices):
    """The way a nominee goes from the proposing unit to the one who decides (Luật Thi đua, khen thưởng 2022,
    Điều 80, and the regime's procedure)."""

    UNIT = "unit", _("Decided in the unit by its head")
    CHAIRMAN = "chairman", _("Appraisal, then the Chairman")
    COUNCIL = "council", _("Appraisal, the Council's vote, then the Chairman")
    CENTRE = "centre", _("Appraisal, the Council, then proposed to the centre")


#: Routes from the shortest: a provincial dossier mixing the Chairman's forms and the Council's titles goes the
#: Council's way (only the titles are voted on).
ROUTE_ORDER = [Route.UNIT, Route.CHAIRMAN, Route.COUNCIL, Route.CENTRE]


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (sent back)")
    AWAITING_SIGNATURE = "awaiting_signature", _("Awaiting signature")
    SIGNED = "signed", _("Signed")
    ISSUED = "issued", _("Issued")


class StepKind(models.TextChoices):
    """What happens to a proposal to the centre after the Council (Nghị định 152/2025/NĐ-CP and its predecessors:
    the Party standing committee's opinion, consultations, the province's submission, the centre's decision)."""

    PARTY_OPINION = "party_opinion", _("Opinion of the provincial Party standing committee")
    CONSULTATION = "consultation", _("Consultation (hiệp y)")
    SUBMISSION = "submission", _("The province's submission to the centre")
    CENTRE_DECISION = "centre_decision", _("The centre's decision")


class InitiativeKind(models.TextChoices):
    """What a person's recognised work is: an initiative, a scientific research topic, or another recognised
    solution (the 2003 law counts research topics for CSTĐ cơ sở too)."""

    INITIATIVE = "initiative", _("Initiative")
    RESEARCH = "research", _("Scientific research topic")


class InquiryKind(models.TextChoices):
    """Matters that, while pending, stop a commendation (Nghị định 152/2025/NĐ-CP, Điều 4)."""

    DISCIPLINE = "discipline", _("Disciplinary consideration")
    INSPECTION = "inspection", _("Inspection or audit")
    COMPLAINT = "complaint", _("Complaint or denunciation")
    INVESTIGATION = "investigation", _("Investigation")


class RuleKind(models.TextChoices):
    PREREQUISITE = "prerequisite", _("Prerequisite title in the same or an earlier year")
    CONSECUTIVE = "consecutive", _("Title in N consecutive years")
    RATING = "rating", _("Rating required")
    INITIATIVE = "initiative", _("Recognised initiative at a level")
    DISCIPLINE = "discipline", _("No discipline above a level")
    QUOTA = "quota", _("Quota within a unit and year")
    ONE_AWARD = "one_award", _("One achievement earns one award")
    CLUSTER_VOTE = "cluster_vote", _("Passed the cluster/block vote")
    UNIT_SHARE = "unit_share", _("Share of the collective's members")
    UNIT_DISCIPLINE = "unit_discipline", _("No member disciplined above a level")
    SERVICE_MONTHS = "service_months", _("Months of work in the year")
    MEMBER_TITLE = "member_title", _("Members holding a title")
    TARGETS_EXCEEDED = "targets_exceeded", _("Exceeded its targets")
    COMMENDATION_KIND = "commendation_kind", _("Kind of commendation proposed")
    NO_PENDING_INQUIRY = "no_pending_inquiry", _("No discipline, inspection or complaint pending")
    RECIPIENT_KIND = "recipient_kind", _("Kind of collective")


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RECEIVED = "received", _("Received")
    IN_APPRAISAL = "in_appraisal", _("In appraisal")
    APPRAISED = "appraised", _("Appraised")
    AT_COUNCIL = "at_council", _("At the council")
    APPROVED = "approved", pgettext_lazy("nomination", "Approved")
    SENT_TO_CENTRE = "sent_to_centre", _("Sent to the centre")
    DECIDED = "decided", _("Decided")
    RETURNED = "returned", _("Returned")


#: States in which the council office holds the dossier (a return is possible from each).
RECEIVING_STATES = [NominationStatus.SUBMITTED, NominationStatus.RECEIVED, NominationStatus.IN_APPRAISAL,
                    NominationStatus.APPRAISED, NominationStatus.AT_COUNCIL]
#: States in which the proposing unit may edit the dossier.
EDITABLE_STATES = [NominationStatus.DRAFT, NominationStatus.RETURNED]
#: States in which the appraisal clock runs.
CLOCK_STATES = [NominationStatus.RECEIVED, NominationStatus.IN_APPRAISAL]


class AttachmentKind(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal letter (tờ trình)")
    ACHIEVEMENT_REPORT = "achievement_report", _("Achievement report")
    MEETING_MINUTES = "meeting_minutes", _("Minutes of the review meeting")
    VOTE_RESULT = "vote_result", _("Vote result")
    OTHER = "other", _("Other")


class AwardStatus(models.TextChoices):
    ACTIVE = "active", _("In force")
    REVOKED = "revoked", _("Revoked")
