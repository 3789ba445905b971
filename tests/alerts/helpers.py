"""What the alert tests share: a filled-in subscribe form, and the path of a
link in a mail."""

from urllib.parse import urlsplit

from alerts.forms import sign_started

SUBSCRIBE = "/volgen/"


def form_data(**overrides):
    data = {
        "email": "ouder@example.org",
        "target": "gemeente",
        "municipality": "",
        "theme": "",
        "kind": "",
        "query": "",
        "frequency": "dagelijks",
        "website": "",
        "started": sign_started(seconds_ago=10),
    }
    return {**data, **overrides}


def path_of(url):
    """The path of an absolute link in a mail (SITE_URL is another host)."""
    return urlsplit(url).path


def link_after(body, marker):
    """The first line starting with http after ``marker`` in a mail body."""
    tail = body.split(marker, 1)[1]
    return next(w for w in tail.split() if w.startswith("http"))
