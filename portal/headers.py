class PermissionsPolicyMiddleware:
    """Switch off browser features the portal never uses."""

    POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.POLICY)
        return response


class AdminStyleCSPMiddleware:
    """The admin's rich-text editor (ProseMirror) sets style attributes on
    the elements it creates, which a style-src without 'unsafe-inline'
    blocks. Only under /admin/ the style directive allows inline styles;
    scripts stay strict ('self' plus nonces) everywhere. Sits after
    Django's CSP middleware in MIDDLEWARE, so it sees the response first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            from django.conf import settings
            from django.utils.csp import CSP

            response._csp_config = {
                **settings.SECURE_CSP,
                "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
            }
        return response
