"""Writes to the member registry, one module per concern. Keyword-only, atomic, with an actor; every change
writes an event row (PersonEvent, ImportEvent, RegistryEvent). The public names are importable from here:
`from lienhiep.members import services; services.member_admit(...)`."""

from lienhiep.members.services.collectives import collective_admit, collective_end, estimate_set
from lienhiep.members.services.imports import (
    MAX_IMPORT_BYTES,
    import_apply,
    import_cancel,
    import_check,
    import_errors,
    import_read,
    import_request_apply,
    import_request_check,
    import_request_read,
    import_resolve,
    import_retry,
    import_table,
    import_undo,
    import_upload,
)
from lienhiep.members.services.loading import MembershipRow, PersonRow, persons_bulk_create
from lienhiep.members.services.memberships import (
    MEMBER_KINDS,
    member_admit,
    membership_end,
    membership_transfer,
    person_admit,
)
from lienhiep.members.services.merging import person_merge, person_merge_undo
from lienhiep.members.services.persons import (
    DEFAULT_FIELDS,
    PERSON_FIELDS,
    fields_ensure_defaults,
    person_create,
    person_update,
)
from lienhiep.members.services.privacy import (
    consent_give,
    consent_withdraw,
    list_export_logged,
    person_data,
    person_erase,
    person_export,
    person_reveal_id,
)
from lienhiep.members.services.rights import (
    breach_notify,
    breach_record,
    subject_request_due,
    subject_request_move,
    subject_request_record,
)

__all__ = [
    "breach_notify",
    "breach_record",
    "subject_request_due",
    "subject_request_move",
    "subject_request_record",
    "DEFAULT_FIELDS",
    "MAX_IMPORT_BYTES",
    "MEMBER_KINDS",
    "PERSON_FIELDS",
    "MembershipRow",
    "PersonRow",
    "collective_admit",
    "collective_end",
    "consent_give",
    "consent_withdraw",
    "estimate_set",
    "fields_ensure_defaults",
    "import_apply",
    "import_cancel",
    "import_check",
    "import_errors",
    "import_read",
    "import_request_apply",
    "import_request_check",
    "import_request_read",
    "import_resolve",
    "import_retry",
    "import_table",
    "import_undo",
    "import_upload",
    "list_export_logged",
    "member_admit",
    "membership_end",
    "membership_transfer",
    "person_admit",
    "person_create",
    "person_data",
    "person_erase",
    "person_export",
    "person_merge",
    "person_merge_undo",
    "person_reveal_id",
    "person_update",
    "persons_bulk_create",
]
