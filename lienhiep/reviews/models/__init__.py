"""Consultancy, critique and social-assessment dossiers (TVPB&GĐXH, issue 15; decision 0014).

`dossiers.py` holds the dossier, its workflow, deadlines, experts and costs; `drafts.py` the draft under review, its
parts and the comments on them, and the union's opinion."""

from lienhiep.reviews.models.dossiers import (
    DOSSIER_TRANSITIONS,
    Dossier,
    DossierEvent,
    DossierEventKind,
    DossierKind,
    DossierStatus,
    Origin,
    RegulationProfile,
    RequesterType,
    SubjectLevel,
    SubjectType,
)
from lienhiep.reviews.models.drafts import (
    DECISION_TRANSITIONS,
    DRAFT_TRANSITIONS,
    Decision,
    DossierAccess,
    Draft,
    DraftComment,
    DraftEvent,
    DraftEventKind,
    DraftPart,
    DraftStatus,
    Opinion,
    OpinionItem,
    OpinionPosition,
    PartKind,
    Stance,
)

__all__ = [
    "DECISION_TRANSITIONS",
    "DRAFT_TRANSITIONS",
    "Decision",
    "DossierAccess",
    "Draft",
    "DraftComment",
    "DraftEvent",
    "DraftEventKind",
    "DraftPart",
    "DraftStatus",
    "Opinion",
    "OpinionItem",
    "OpinionPosition",
    "PartKind",
    "Stance",
    "DOSSIER_TRANSITIONS",
    "Dossier",
    "DossierEvent",
    "DossierEventKind",
    "DossierKind",
    "DossierStatus",
    "Origin",
    "RegulationProfile",
    "RequesterType",
    "SubjectLevel",
    "SubjectType",
]
