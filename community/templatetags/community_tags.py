"""Template tags of the community: house-style widgets, author names and the
members-only parts of public pages (municipality, meeting)."""

from django import forms, template
from django.forms.widgets import Input
from django.utils.translation import gettext as _

from community import access, text
from community.models import MeetingParticipation, MemberProfile

register = template.Library()

_CLASSES = (
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.CheckboxSelectMultiple, ""),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (Input, "utrecht-textbox utrecht-textbox--html-input"),
)


@register.filter
def house(field):
    """The field's widget with the house style's class (Django adds
    aria-invalid and aria-describedby for errors and help text itself)."""
    widget = field.field.widget
    for kind, css in _CLASSES:
        if isinstance(widget, kind):
            return field.as_widget(attrs={"class": css} if css else None)
    return field.as_widget()


@register.filter
def author_name(post):
    """The author's name as members see it; "voormalig lid" once the account is gone."""
    user = post.author
    if user is None:
        return _("voormalig lid")
    profile = access.profile_of(user)
    if profile is not None:
        return profile.display_name
    return _("redactie") if user.is_staff else _("lid")


@register.inclusion_tag("community/includes/municipality_members_list.html", takes_context=True)
def municipality_members(context, municipality):
    user = context["request"].user
    if not access.may_read_forum(user):
        return {"show": False}
    people = (
        MemberProfile.objects.in_directory()
        .filter(municipality=municipality)
        .order_by("display_name")
    )
    return {"show": True, "people": people, "municipality": municipality}


@register.inclusion_tag("community/includes/meeting_participants_list.html", takes_context=True)
def meeting_participants(context, meeting):
    request = context["request"]
    user = request.user
    if not access.may_read_forum(user):
        return {"show": False}
    rows = (
        MeetingParticipation.objects.filter(
            meeting=meeting,
            consent=True,
            member__is_active=True,
            member__member__status=MemberProfile.Status.VERIFIED,
        )
        .select_related("member__member")
        .order_by("member__member__display_name")
    )
    return {
        "show": True,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "meeting": meeting,
        "people": [row.member.member for row in rows],
        "is_member": access.is_verified_member(user),
        "taking_part": any(row.member_id == user.pk for row in rows),
    }


@register.filter
def forum_text(value):
    """A forum post's Markdown as sanitised HTML (``community.text``)."""
    return text.render(value)
