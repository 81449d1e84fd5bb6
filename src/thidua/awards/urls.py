"""Pages for commendations: dossiers, appraisal and decisions (``views``); the catalog, the registry, statistics
and people's records (``registry_views``); the province's regulations and confirming facts (``regime_views``)."""

from django.urls import path

from . import catalog_views, certificate_views, council_views, regime_views, registry_views, signing_views, views

app_name = "awards"
urlpatterns = [
    # dossiers, appraisal, decisions (views.py)
    path("nominations/", views.nomination_list, name="nominations"),
    path("nominations/new/", views.nomination_create, name="nomination_create"),
    path("nominations/<id:nomination_id>/", views.nomination_detail, name="nomination"),
    path("nominations/<id:nomination_id>/items/", views.item_add, name="item_add"),
    path("nominations/<id:nomination_id>/items/<id:item_id>/delete", views.item_remove, name="item_remove"),
    path("nominations/<id:nomination_id>/attachments/", views.attachment_add, name="attachment_add"),
    path("nominations/<id:nomination_id>/attachments/<id:attachment_id>/", views.attachment_download,
         name="attachment"),
    path("nominations/<id:nomination_id>/attachments/<id:attachment_id>/delete", views.attachment_remove,
         name="attachment_remove"),
    path("nominations/<id:nomination_id>/transition", views.nomination_transition, name="transition"),
    path("nominations/<id:nomination_id>/appraisal", views.nomination_appraisal, name="appraisal"),
    path("appraisal/", views.appraisal_queue, name="appraisal_queue"),
    path("decisions/", views.decision_list, name="decisions"),
    path("decisions/new/", views.decision_create, name="decision_create"),
    path("decisions/<id:decision_id>/", views.decision_detail, name="decision"),
    path("decisions/<id:decision_id>/document.docx", views.decision_document, name="decision_document"),
    path("decisions/record/", views.decision_record, name="decision_record"),
    # certificates: a decision's batch, and the positions on the pre-printed blanks (certificate_views.py)
    path("decisions/<id:decision_id>/certificates.pdf", certificate_views.decision_certificates,
         name="decision_certificates"),
    path("certificate-layouts/", certificate_views.layout_list, name="certificate_layouts"),
    path("certificate-layouts/<id:award_type_id>/", certificate_views.layout_edit, name="certificate_layout"),
    path("certificate-layouts/<id:award_type_id>/test.pdf", certificate_views.layout_test_page,
         name="certificate_test_page"),
    # the signer's desk and a decision's way to its signature (signing_views.py)
    path("desk/", signing_views.desk, name="desk"),
    path("decisions/<id:decision_id>/sign", signing_views.decision_sign, name="decision_sign"),
    path("decisions/<id:decision_id>/send-back", signing_views.decision_send_back, name="decision_send_back"),
    path("decisions/<id:decision_id>/resubmit", signing_views.decision_resubmit, name="decision_resubmit"),
    path("decisions/<id:decision_id>/cancel", signing_views.decision_cancel, name="decision_cancel"),
    path("decisions/<id:decision_id>/issue", signing_views.decision_issue, name="decision_issue"),
    # councils, their meetings and votes; a proposal's steps to the centre (council_views.py)
    path("council/", council_views.council_detail, name="council"),
    path("council/unit/<id:unit_id>/", council_views.council_detail, name="unit_council"),
    path("council/<id:council_id>/meetings/new", council_views.meeting_create, name="council_meeting_create"),
    path("council/<id:council_id>/meetings/outside", council_views.meeting_record_outside,
         name="council_meeting_outside"),
    path("council/meetings/<id:meeting_id>/", council_views.meeting_detail, name="council_meeting"),
    path("council/meetings/<id:meeting_id>/minutes.docx", council_views.meeting_minutes,
         name="council_meeting_minutes"),
    path("council/meetings/<id:meeting_id>/vote", council_views.meeting_vote_open, name="council_vote_open"),
    path("council/rounds/<id:round_id>/ballot", council_views.ballot_cast, name="council_ballot"),
    path("council/rounds/<id:round_id>/close", council_views.round_close, name="council_round_close"),
    path("nominations/<id:nomination_id>/steps", council_views.route_step_record, name="route_step"),
    # catalog, registry, statistics, people (registry_views.py)
    path("award-types/", registry_views.catalog, name="catalog"),
    path("award-types/<id:award_type_id>/", catalog_views.award_type_edit, name="award_type_edit"),
    path("regulations/", regime_views.regulation_list, name="regulations"),
    path("regulations/<id:regulation_id>/", regime_views.regulation_detail, name="regulation"),
    path("regulations/<id:regulation_id>/rules", regime_views.regulation_rule_set, name="regulation_rule_set"),
    path("regulations/<id:regulation_id>/rules/<id:rule_id>/delete", regime_views.regulation_rule_remove,
         name="regulation_rule_remove"),
    path("people/<id:person_id>/facts/<slug:kind>/<id:fact_id>/confirm", regime_views.fact_confirm,
         name="fact_confirm"),
    path("awards/", registry_views.registry, name="registry"),
    path("awards/export/", registry_views.registry_export, name="registry_export"),
    path("awards/statistics/", registry_views.statistics, name="statistics"),
    path("awards/<id:award_id>/", registry_views.award_detail, name="award"),
    path("awards/<id:award_id>/revoke", registry_views.award_revoke, name="award_revoke"),
    path("awards/<id:award_id>/certificate.pdf", registry_views.certificate, name="certificate"),
    path("people/", registry_views.person_list, name="people"),
    path("people/new/", registry_views.person_create, name="person_create"),
    path("people/<id:person_id>/", registry_views.person_detail, name="person"),
    path("people/<id:person_id>/facts", registry_views.person_fact_add, name="person_fact_add"),
    path("units/<id:unit_id>/years/", registry_views.unit_years, name="unit_years"),
]
