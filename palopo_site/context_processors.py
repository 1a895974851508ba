from django.conf import settings


def site(request):
    """What every page's header and metadata need."""
    return {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}
