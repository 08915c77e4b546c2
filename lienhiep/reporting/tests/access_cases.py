from lienhiep.core.access_cases import Case
from lienhiep.governance.tests.access_cases import gov

CASES = {
    "reporting:figure": Case(query=lambda w: {"key": "orgs.associations", "node": w.hong_linh.pk}),
    "reporting:overview": Case(scoped=False),
    "reporting:targets": Case(kwargs=lambda w: {"pk": gov(w).congress.pk}),
    "reporting:overview_export": Case(
        query=lambda w: {"node": w.hong_linh.pk, "start": "01/01/2025", "end": "31/12/2025"}
    ),
}
