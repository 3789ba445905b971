"""The pages of /volgen/: subscribe, confirm, unsubscribe, manage.

Every page answers ``Cache-Control: no-store`` (never_cache): they show an
address or what someone follows, and are never kept by the page cache, a
proxy or the browser's history. A link that was altered or expired gets a
Dutch page with status 400, never an error.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from alerts import links, services
from alerts.forms import FrequencyForm, SubscribeForm
from alerts.models import CONFIRM_WITHIN, Subscription
from portal.core import translations
from portal.core.models import Municipality, Theme
from portal.ops import ratelimit

# Subscribe requests (each sends a mail): per IP address per hour, and per
# address per day (nobody can flood someone else's mailbox).
RATE_LIMIT_IP = 10
RATE_LIMIT_ADDRESS = 3
HOUR, DAY = 3600, 24 * 3600


def _initial(request) -> dict:
    """Pre-select what a link asks for: ?gemeente=, ?thema=, ?soort= or ?q=."""
    params = request.GET
    if slug := params.get("gemeente"):
        municipality = Municipality.objects.current().filter(slug=slug[:200]).first()
        if municipality:
            return {"target": Subscription.Target.MUNICIPALITY, "municipality": municipality}
    if slug := params.get("thema"):
        theme = Theme.objects.filter(slug=slug[:200]).first()
        if theme:
            return {"target": Subscription.Target.THEME, "theme": theme}
    if kind := params.get("soort"):
        return {"target": Subscription.Target.KIND, "kind": kind[:40]}
    if query := params.get("q"):
        return {"target": Subscription.Target.QUERY, "query": query[:200]}
    return {}


def _limited(request, email: str) -> bool:
    """Count the request; True when over either limit."""
    over_ip = not ratelimit.allow("alerts-ip", ratelimit.client_ip(request), RATE_LIMIT_IP, HOUR)
    over_address = not ratelimit.allow("alerts-mail", email, RATE_LIMIT_ADDRESS, DAY)
    return over_ip or over_address


@never_cache
def subscribe(request):
    status = 200
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_bot():
            return redirect("alerts:sent")
        if not form.is_valid():
            status = 400
        elif _limited(request, form.cleaned_data["email"]):
            form.add_error(
                None,
                _(
                    "Er zijn de laatste tijd te veel aanmeldingen verstuurd vanaf deze "
                    "verbinding of voor dit e-mailadres. Probeer het later opnieuw; wat u "
                    "invulde staat hieronder nog."
                ),
            )
            status = 429
        else:
            services.request(**form.subscription_fields(), language=translations.active_language())
            return redirect("alerts:sent")
    else:
        form = SubscribeForm(initial=_initial(request))
    return render(request, "alerts/subscribe.html", {"form": form}, status=status)


@never_cache
def sent(request):
    hours = int(CONFIRM_WITHIN.total_seconds() // 3600)
    return render(request, "alerts/sent.html", {"hours": hours})


def _bad_link(request, status=400):
    return render(request, "alerts/bad_link.html", status=status)


@never_cache
def confirm(request, signed):
    """GET shows a button, POST confirms: a mail scanner that opens the
    link does not subscribe anyone."""
    try:
        subscription = links.load(signed, links.CONFIRM)
    except links.BadLink:
        return _bad_link(request)
    if subscription is None:
        return _bad_link(request, status=404)
    if request.method == "POST":
        subscription = services.confirm(subscription)
        return render(
            request,
            "alerts/confirmed.html",
            {"subscription": subscription, "manage": links.sign(subscription, links.MANAGE)},
        )
    return render(request, "alerts/confirm.html", {"subscription": subscription})


@csrf_exempt  # RFC 8058: the mail program posts without a form; the signature is the check
@never_cache
def unsubscribe(request, signed):
    """One-click unsubscribe (RFC 8058): a POST deletes the subscription,
    also from a mail program's "Afmelden" (List-Unsubscribe-Post); GET shows
    a button. A subscription that is gone already is "afgemeld" too."""
    try:
        subscription = links.load(signed, links.UNSUBSCRIBE)
    except links.BadLink:
        return _bad_link(request)
    if request.method == "POST":
        if subscription is not None:
            services.unsubscribe(subscription)
        return render(request, "alerts/unsubscribed.html")
    if subscription is None:
        return render(request, "alerts/unsubscribed.html")
    return render(request, "alerts/unsubscribe.html", {"subscription": subscription})


@never_cache
def manage(request, signed):
    """Everything the address follows: change how often, stop one or all."""
    try:
        current = links.load(signed, links.MANAGE)
    except links.BadLink:
        return _bad_link(request)
    if current is None:
        return _bad_link(request, status=404)
    subscriptions = Subscription.objects.filter(email=current.email).select_related(
        "municipality", "theme"
    )
    if request.method == "POST":
        action = request.POST.get("actie", "")
        if action == "alles":
            services.unsubscribe_all(email=current.email)
            return render(request, "alerts/unsubscribed.html", {"all": True})
        try:
            chosen = subscriptions.get(pk=int(request.POST.get("volger", "")))
        except (ValueError, Subscription.DoesNotExist):
            raise Http404 from None
        if action == "stoppen":
            services.unsubscribe(chosen)
            messages.success(request, _("U volgt %(label)s niet meer.") % {"label": chosen.label})
            if chosen.pk == current.pk:
                others = subscriptions.exclude(pk=chosen.pk).first()
                if others is None:
                    return render(request, "alerts/unsubscribed.html")
                signed = links.sign(others, links.MANAGE)
            return redirect("alerts:manage", signed=signed)
        if action == "frequentie":
            form = FrequencyForm(request.POST)
            if form.is_valid():
                services.change_frequency(chosen, frequency=form.cleaned_data["frequency"])
                messages.success(
                    request,
                    _("U krijgt over %(label)s nu %(frequency)s mail.")
                    % {
                        "label": chosen.label,
                        "frequency": Subscription.Frequency(form.cleaned_data["frequency"]).label,
                    },
                )
            else:
                messages.error(request, _("Kies dagelijks of wekelijks."))
            return redirect("alerts:manage", signed=signed)
        raise Http404
    return render(
        request,
        "alerts/manage.html",
        {
            "current": current,
            "subscriptions": subscriptions,
            "frequencies": Subscription.Frequency.choices,
        },
    )
