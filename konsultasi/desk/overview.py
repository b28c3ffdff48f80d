"""The office head's overview: today and this month — received, resolved, put into follow-up,
deadlines missed, by channel and by service type. Every number links to the inbox filtered to
the consultations behind it. (The full reports with charts and exports come later.)"""

from datetime import datetime, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from konsultasi.accounts.models import Role
from konsultasi.consultations import head_desks
from konsultasi.consultations.selectors import STATUS_ALL, PeriodOn
from konsultasi.desk.access import staff_required
from konsultasi.desk.inbox_filters import MONTH, TODAY
from konsultasi.desk.today import request_moment


def _periods(request: HttpRequest) -> dict[str, head_desks.Period]:
    moment = request_moment(request)
    zone = moment.day_start.tzinfo
    today = moment.day_start.date()
    first = datetime.combine(today.replace(day=1), datetime.min.time(), tzinfo=zone)
    tomorrow = moment.day_start + timedelta(days=1)
    return {
        TODAY: head_desks.Period(start=moment.day_start, end=tomorrow),
        MONTH: head_desks.Period(start=first, end=tomorrow),
    }


def inbox_link(**params) -> str:
    return f"{reverse('desk:inbox')}?{urlencode({'status': STATUS_ALL, **params})}"


@staff_required(roles={Role.OFFICE_HEAD})
def overview(request: HttpRequest) -> HttpResponse:
    user, office = request.user, request.office  # type: ignore[attr-defined]
    periods = _periods(request)
    figures = head_desks.overview_figures(user=user, office=office, periods=periods)  # type: ignore[arg-type]
    measures = [
        ("received", PeriodOn.RECEIVED, _("Received")),
        ("resolved", PeriodOn.RESOLVED, _("Resolved")),
        ("deferred", PeriodOn.DEFERRED, _("Put into follow-up")),
        ("breached", PeriodOn.BREACHED, _("Deadline missed")),
    ]
    columns = [(TODAY, _("Today")), (MONTH, _("This month"))]
    summary = [
        {
            "label": label,
            "late": attribute == "breached",
            "cells": [
                {
                    "value": getattr(figures[key], attribute),
                    "url": inbox_link(period=key, on=on.value),
                }
                for key, _title in columns
            ],
        }
        for attribute, on, label in measures
    ]

    def breakdown(field_name: str, filter_name: str, unnamed: str) -> list[dict]:
        rows = head_desks.received_by(
            user=user,  # type: ignore[arg-type]
            office=office,
            periods=periods,
            field_name=field_name,
        )
        return [
            {
                "name": row.name or unnamed,
                "cells": [
                    {
                        "value": row.counts[key],
                        # The unclassified cannot be filtered by type yet: link to the period.
                        "url": inbox_link(
                            period=key, **({filter_name: row.pk} if row.pk is not None else {})
                        ),
                    }
                    for key, _title in columns
                ],
            }
            for row in rows
        ]

    context = {
        "columns": columns,
        "summary": summary,
        "by_channel": breakdown("channel", "channel", _("unknown channel")),
        "by_service_type": breakdown("service_type", "service_type", _("not classified")),
        "today": request_moment(request).day_start,
    }
    return render(request, "desk/overview.html", context)
