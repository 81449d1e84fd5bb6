from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Provincial People's Committee")
    LOCALITY = "locality", _("District or city People's Committee")
    DEPARTMENT = "department", _("Department or board")
    CENTRAL_AGENCY = "central_agency", _("Central agency in the province")
    MASS_ORGANISATION = "mass_organisation", _("Mass organisation")
    PRESS = "press", _("Press and broadcasting")
    ENTERPRISE = "enterprise", _("Enterprise")
    COMMUNE = "commune", _("Commune, ward or town")
    ARMED_FORCES = "armed_forces", _("Armed forces unit")
    OTHER = "other", _("Other")


class LineageKind(models.TextChoices):
    MERGE = "merge", _("Merged into")
    SPLIT = "split", _("Split from")
    RENAME = "rename", _("Renamed to")


class ClusterKind(models.TextChoices):
    CLUSTER = "cluster", _("Emulation cluster (localities)")
    BLOCK = "block", _("Emulation block (sectors)")
