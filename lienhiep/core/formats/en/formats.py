# English interface, same Vietnamese data conventions (dates and numbers read the same in reports): one set of
# formats, declared once in the Vietnamese module, so that the two can never drift apart.
from lienhiep.core.formats.vi.formats import *  # noqa: F403
