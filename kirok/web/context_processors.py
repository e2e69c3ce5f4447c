from django.conf import settings


def kirok(request) -> dict:
    """Values every page needs: whether this is the demo (fictional data banner)."""
    return {"kirok_demo": settings.DEMO}
