"""The labels of this app's audit actions and stored codes, registered with the core in ``AppConfig.ready``."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "documents.template.saved": _("Document wording saved"),
    "documents.template.word_uploaded": _("Word template uploaded"),
    "documents.template.word_removed": _("Word template removed"),
}
