"""Volgen: e-mailmeldingen van nieuw gepubliceerde inhoud, voor iedereen.

A visitor follows a municipality, a theme, a content type or a search query
by e-mail, without an account: double opt-in (``services.request`` and
``services.confirm``), a daily or weekly digest of what became public since
the last one (``digest``, sent by the background task in ``tasks``), one-click
unsubscribe (RFC 8058) and a page to manage everything from a signed link
(``links``). The app knows content only through ``portal.core.registry`` and
``portal.search``; it never imports another app.
"""
