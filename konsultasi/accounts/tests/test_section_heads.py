"""One rule for who heads a section: the section-head role that names it."""

from konsultasi.accounts.models import OfficeRole, Role
from konsultasi.accounts.selectors import heads_section, section_heads, sections_headed_by
from konsultasi.conftest import make_staff
from konsultasi.offices.models import Section


def test_the_holder_of_the_section_head_role_heads_the_section(section, section_head, office):
    assert section_heads(section) == [section_head]
    assert heads_section(section_head, section)
    assert sections_headed_by(section_head, office) == [section]


def test_a_plain_officer_named_on_nothing_heads_nothing(section, officer, office):
    assert not heads_section(officer, section)
    assert sections_headed_by(officer, office) == []


def test_a_section_head_of_another_section_does_not_head_this_one(office, section, section_head):
    bank = Section.objects.get(office=office, code="bank")
    assert section_heads(bank) == []
    assert not heads_section(section_head, bank)


def test_an_inactive_head_is_not_told_anything(section, section_head):
    section_head.is_active = False
    section_head.save()
    assert section_heads(section) == []


def test_an_office_head_role_does_not_make_a_section_head(office, section):
    head = make_staff(office, Role.OFFICE_HEAD, "kakan")
    OfficeRole.objects.filter(user=head).update(section=section)
    assert section_heads(section) == []
