"""Desk pages still to be filled (placeholders of the skeleton)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from konsultasi.accounts.models import Role
from konsultasi.desk.access import staff_required


@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "desk/placeholder.html")


@staff_required(roles={Role.SECTION_HEAD})
def section_desk(request: HttpRequest) -> HttpResponse:
    return render(request, "desk/placeholder.html")


@staff_required(roles={Role.OFFICE_HEAD})
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "desk/placeholder.html")
