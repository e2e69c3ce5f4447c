from django.conf import settings


def kirok(request) -> dict:
    """Values every page needs: whether this is the demo (fictional data banner), whether
    two-factor authentication is required (the demo banner says when it is not), and whether
    the visitor is still in the middle of logging in (no menu until the code is given)."""
    return {
        "kirok_demo": settings.DEMO,
        "kirok_require_2fa": settings.REQUIRE_2FA,
        "login_pending": getattr(request, "login_step_pending", None) is not None,
    }
