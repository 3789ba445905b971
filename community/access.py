"""Who may see and do what in the community.

* A *verified member* has a ``MemberProfile`` in status ``verified`` and an
  active account. Only verified members (and moderators) see the forum, the
  member directory and meeting participants.
* A *moderator* is staff logged in through the admin with the second factor
  (django-otp: ``user.is_verified()``) and the permission: a staff session
  with a password alone is not trusted here either.
"""

from __future__ import annotations

from typing import Any

from community.models import MemberProfile

MODERATE = "community.moderate_forum"
VERIFY = "community.verify_member"


def profile_of(user: Any) -> MemberProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.member
    except MemberProfile.DoesNotExist:
        return None


def _trusted_staff(user: Any, permission: str) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
        and callable(getattr(user, "is_verified", None))
        and user.is_verified()
        and user.has_perm(permission)
    )


def is_moderator(user: Any) -> bool:
    return _trusted_staff(user, MODERATE)


def can_verify(user: Any) -> bool:
    return _trusted_staff(user, VERIFY)


def is_verified_member(user: Any) -> bool:
    profile = profile_of(user)
    return bool(profile and profile.is_verified and user.is_active)


def may_read_forum(user: Any) -> bool:
    return is_verified_member(user) or is_moderator(user)
