from lienhiep.core.access_cases import Case

CASES = {
    "reporting:figure": Case(query=lambda w: {"key": "orgs.associations", "node": w.hong_linh.pk}),
}
