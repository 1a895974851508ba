"""Every admin action leaves a trace a superuser can filter by person and date."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client

from tests.conftest import NOW
from tests.factories import DraftFactory
from tests.staff import logged_in, staff_user

pytestmark = pytest.mark.django_db

LOG = "/admin/admin/logentry/"


def publish(client, article):
    client.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [article.pk], "index": 0},
    )


def test_superuser_filters_the_audit_trail_by_user_and_date(pinned_clock):
    ani = staff_user("ani", "Editor")
    budi = staff_user("budi", "Editor")
    publish(logged_in(Client, ani), DraftFactory(title="Dipublikasikan Ani"))
    pinned_clock.move_to(NOW + datetime.timedelta(days=1))
    publish(logged_in(Client, budi), DraftFactory(title="Dipublikasikan Budi"))
    assert LogEntry.objects.count() == 2
    superuser = logged_in(Client, staff_user("admin", superuser=True))

    everything = superuser.get(LOG).content.decode()
    by_ani = superuser.get(LOG, {"user__id__exact": ani.pk}).content.decode()
    on_day_two = superuser.get(
        LOG, {"action_time__year": 2025, "action_time__month": 6, "action_time__day": 2}
    ).content.decode()

    assert "Dipublikasikan Ani" in everything and "Dipublikasikan Budi" in everything
    assert "Dipublikasikan Ani" in by_ani and "Dipublikasikan Budi" not in by_ani
    assert "Diterbitkan" in by_ani
    assert "Dipublikasikan Budi" in on_day_two and "Dipublikasikan Ani" not in on_day_two

    revisions = superuser.get("/admin/reversion/revision/", {"user__id__exact": budi.pk})
    assert revisions.status_code == 200
    assert "Dipublikasikan Budi" in revisions.content.decode()
    assert "Dipublikasikan Ani" not in revisions.content.decode()


def test_the_audit_trail_is_for_superusers_and_read_only():
    editor = logged_in(Client, staff_user("editor", "Editor"))
    superuser_user = staff_user("admin", superuser=True)
    superuser = logged_in(Client, superuser_user)
    publish(logged_in(Client, staff_user("ani", "Editor")), DraftFactory())
    entry = LogEntry.objects.get()

    assert editor.get(LOG).status_code == 403
    assert editor.get("/admin/reversion/revision/").status_code == 403
    assert superuser.get(f"{LOG}{entry.pk}/change/").status_code == 200  # read-only view
    superuser.post(f"{LOG}{entry.pk}/delete/", {"post": "yes"})
    assert LogEntry.objects.filter(pk=entry.pk).exists()
