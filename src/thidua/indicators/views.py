"""Pages to record values, keep the catalog and targets, decide pledges and import a workbook. Thin views."""

urlpatterns: list = []
