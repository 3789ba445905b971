"""The models of the ``portal`` app live in its rooms; Django looks for them
here."""

from portal.core.models import Municipality, Theme  # noqa: F401
from portal.editorial.models import TransitionLog  # noqa: F401
from portal.search.models import SearchDocument, SearchFacet, SearchTerm  # noqa: F401
