"""The models of the ``portal`` app live in its rooms; Django looks for them
here."""

from portal.core.models import Municipality, Theme  # noqa: F401
from portal.editorial.models import TransitionLog  # noqa: F401
from portal.ops.models import OutgoingMail, WorkerHeartbeat  # noqa: F401
from portal.search.models import (  # noqa: F401
    SearchDocument,
    SearchFacet,
    SearchQueryStat,
    SearchTerm,
    Synonym,
)
