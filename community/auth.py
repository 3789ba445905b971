"""Login for members: by e-mail address (normalised as user names are,
``portal.core.identity``), never for staff.

Staff log in through the admin with password *and* a second factor
(``portal.web.adminsite``); this backend refuses staff accounts so the member
login is no way around that. It answers only when an ``email`` is given, so
the admin's ``username`` logins never reach it.
"""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend

from portal.core.identity import normalise_username


class MemberEmailBackend(AuthenticationBackend):
    def authenticate(self, request: Any, **credentials: Any) -> Any:  # type: ignore[override]
        email = credentials.get("email")
        password = credentials.get("password")
        if not email or not password:
            return None
        user = super().authenticate(request, email=normalise_username(email), password=password)
        if user is not None and (user.is_staff or user.is_superuser):
            return None
        return user
