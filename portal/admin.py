"""Admin registrations of the ``portal`` app (Django imports this module)."""

import portal.core.admin  # noqa: F401
import portal.editorial.admin  # noqa: F401
import portal.ops.admin  # noqa: F401
import portal.search.admin  # noqa: F401
