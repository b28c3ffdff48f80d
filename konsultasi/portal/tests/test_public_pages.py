"""The office's public face: the published standard as the office's data, without signing in."""

from django.urls import reverse

from konsultasi.offices.models import Office, ServiceStandard


def test_the_home_shows_the_whole_published_standard(client, office):
    page = client.get(reverse("portal:home")).content.decode()
    standard = ServiceStandard.objects.get(office=office)
    for part in (
        standard.requirements,
        standard.procedure_online,
        standard.procedure_walk_in,
        standard.products,
    ):
        for line in part.splitlines():
            assert line.replace('"', "&quot;") in page
    assert standard.cost in page
    assert standard.completion_time in page
    assert office.address in page
    assert office.phone in page


def test_the_home_reads_the_standard_from_the_database(client, office):
    ServiceStandard.objects.filter(office=office).update(cost="Gratis, tanpa syarat apa pun")
    assert "Gratis, tanpa syarat apa pun" in client.get(reverse("portal:home")).content.decode()


def test_the_complaint_channels_are_links(client, office):
    page = client.get(reverse("portal:home")).content.decode()
    assert 'href="https://wise.kemenkeu.go.id"' in page
    assert 'href="https://pengaduandjpb.kemenkeu.go.id"' in page


def test_the_decree_number_is_shown_when_the_office_has_one(client, office):
    ServiceStandard.objects.filter(office=office).update(decree_number="KEP-99/WPB.04/2026")
    assert "KEP-99/WPB.04/2026" in client.get(reverse("portal:home")).content.decode()


def test_the_opening_hours_come_from_the_working_hours(client, office):
    page = client.get(reverse("portal:home")).content.decode()
    assert "08.00–16.00" in page
    assert "Senin" in page


def test_with_several_offices_the_home_lists_them(client, office):
    Office.objects.create(slug="dumai", name="KPPN Dumai", number_prefix="DUM")
    page = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:office", kwargs={"slug": "dumai"}) in page
    assert reverse("portal:office", kwargs={"slug": office.slug}) in page


def test_an_office_page_shows_that_offices_standard(client, office):
    response = client.get(reverse("portal:office", kwargs={"slug": office.slug}))
    assert response.status_code == 200
    assert office.name in response.content.decode()


def test_an_unknown_office_is_not_found(client, office):
    assert client.get(reverse("portal:office", kwargs={"slug": "tidak-ada"})).status_code == 404


def test_the_public_home_reads_a_fixed_number_of_queries(
    client, office, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        assert client.get(reverse("portal:home")).status_code == 200


def test_the_home_links_the_offices_published_satisfaction_index(client, office):
    page = client.get(reverse("portal:home")).content.decode()
    assert reverse("feedback_portal:summary", kwargs={"office_slug": office.slug}) in page
