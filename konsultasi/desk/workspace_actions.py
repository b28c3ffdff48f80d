"""The actions of the workspace: for each, its address, its words, its form and the service it
calls. The page offers the ones `consultations.actions.available_actions` allows; the service
decides."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from konsultasi.accounts.models import User
from konsultasi.accounts.permissions import Action
from konsultasi.consultations import services
from konsultasi.consultations.models import Consultation
from konsultasi.desk import forms
from konsultasi.knowledge.selectors import cited_references


@dataclass(frozen=True)
class ActionSpec:
    action: Action
    slug: str
    label: str | Promise  # the button that opens the form
    submit: str | Promise  # the button that confirms it
    done: str | Promise  # told after it succeeded
    form: type[forms.ActionForm]
    perform: Callable[[User, Consultation, dict], Consultation]
    style: str = "secondary"  # primary for the action that moves the consultation on


def versioned(service, *, version: int, consultation: Consultation, **kwargs) -> Consultation:
    """Call `service` with the version the page showed; it refuses a stale edit under the
    row lock."""
    return service(consultation=consultation, expected_version=version, **kwargs)


def legal_basis_heading() -> str:
    return gettext("Legal basis:")


def answer_with_citations(answer: str, regulations: str) -> str:
    """The regulations cited are kept in the answer itself, under a heading, one per line —
    the stakeholder reads them with the answer."""
    cited = [line.strip(" -•\t") for line in (regulations or "").splitlines()]
    cited = list(dict.fromkeys(line for line in cited if line))
    if not cited:
        return answer
    lines = "\n".join(f"- {line}" for line in cited)
    return f"{answer.rstrip()}\n\n{legal_basis_heading()}\n{lines}"


def citations_in(answer: str) -> list[str]:
    """The regulations listed under the legal-basis heading of an answer, in any language."""
    headings = {legal_basis_heading()}
    for language in ("id", "en"):
        with override(language):
            headings.add(legal_basis_heading())
    lines = (answer or "").splitlines()
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip() in headings:
            return [
                line.strip()[2:].strip()
                for line in lines[index + 1 :]
                if line.strip().startswith("- ")
            ]
    return []


def _claim(user, c, data):
    # A claim is a conditional update: of two officers the second is told who has it, which
    # says more than "stale", so the version is not compared here.
    return services.claim(officer=user, consultation=c)


def _classify(user, c, data):
    return versioned(
        services.classify,
        actor=user,
        consultation=c,
        version=data["version"],
        service_type=data["service_type"],
        section=data.get("section"),
    )


def _text(service, field, param=None):
    def perform(user, c, data):
        return versioned(
            service,
            actor=user,
            consultation=c,
            version=data["version"],
            **{param or field: data[field]},
        )

    return perform


def _resolve(user, c, data):
    # The entries cited from the suggestions panel are in the legal basis, those cited after
    # the form was opened too (its list was filled when it opened).
    regulations = "\n".join((data.get("regulations", ""), cited_references(c)))
    answer = answer_with_citations(data["answer"], regulations)
    return versioned(
        services.resolve, actor=user, consultation=c, version=data["version"], answer=answer
    )


def _provide_documents(user, c, data):
    return versioned(
        services.provide_documents,
        actor=user,
        consultation=c,
        version=data["version"],
        note=data.get("note", ""),
        files=data.get("documents") or [],
    )


def _escalate(user, c, data):
    return versioned(
        services.escalate,
        actor=user,
        consultation=c,
        version=data["version"],
        reason=data["reason"],
        section=data.get("section"),
    )


def _hand_to_hai(user, c, data):
    return versioned(
        services.hand_to_hai,
        actor=user,
        consultation=c,
        version=data["version"],
        reason=data["reason"],
        external_reference=data.get("external_reference", ""),
    )


def _record_hai_answer(user, c, data):
    return versioned(
        services.record_hai_answer,
        actor=user,
        consultation=c,
        version=data["version"],
        answer=data["answer"],
        external_reference=data.get("external_reference", ""),
    )


def _reassign(user, c, data):
    return versioned(
        services.reassign,
        actor=user,
        consultation=c,
        version=data["version"],
        officer=data["officer"],
    )


def _close(user, c, data):
    return versioned(services.close, actor=user, consultation=c, version=data["version"])


A = Action

# In the order the buttons appear: what moves the consultation on first, then the rest.
SPECS = [
    ActionSpec(
        action=A.CLAIM,
        slug="ambil",
        label=_("Claim"),
        submit=_("Claim it"),
        done=_("You are now handling this consultation."),
        form=forms.ConfirmForm,
        perform=_claim,
        style="primary",
    ),
    ActionSpec(
        action=A.RESOLVE,
        slug="selesaikan",
        label=_("Answer and resolve"),
        submit=_("Send the answer"),
        done=_("The answer was sent; the consultation is resolved."),
        form=forms.ResolveForm,
        perform=_resolve,
        style="primary",
    ),
    ActionSpec(
        action=A.ANSWER_ESCALATION,
        slug="jawab-eskalasi",
        label=_("Answer the escalation"),
        submit=_("Send the guidance"),
        done=_("Your answer went back to the officer."),
        form=forms.AnswerEscalationForm,
        perform=_text(services.answer_escalation, "answer"),
        style="primary",
    ),
    ActionSpec(
        action=A.RECORD_HAI_ANSWER,
        slug="jawaban-hai",
        label=_("Record HAI DJPb's answer"),
        submit=_("Record the answer"),
        done=_("HAI DJPb's answer was recorded."),
        form=forms.HaiAnswerForm,
        perform=_record_hai_answer,
        style="primary",
    ),
    ActionSpec(
        action=A.REPLY,
        slug="balas",
        label=_("Reply"),
        submit=_("Send the reply"),
        done=_("The reply was sent."),
        form=forms.ReplyForm,
        perform=_text(services.reply, "body"),
    ),
    ActionSpec(
        action=A.REQUEST_DOCUMENTS,
        slug="minta-dokumen",
        label=_("Request documents"),
        submit=_("Send the request"),
        done=_("The document request was sent; the clocks are paused."),
        form=forms.RequestDocumentsForm,
        perform=_text(services.request_documents, "description"),
    ),
    ActionSpec(
        action=A.PROVIDE_DOCUMENTS,
        slug="dokumen-diterima",
        label=_("Record documents received"),
        submit=_("Record the documents"),
        done=_("The documents were recorded; the clocks run again."),
        form=forms.ProvideDocumentsForm,
        perform=_provide_documents,
    ),
    ActionSpec(
        action=A.DEFER,
        slug="tindak-lanjut",
        label=_("Defer to follow-up"),
        submit=_("Defer to follow-up"),
        done=_("Deferred to follow-up; the stakeholder was told the due date."),
        form=forms.DeferForm,
        perform=_text(services.defer_to_follow_up, "reason"),
    ),
    ActionSpec(
        action=A.POST_PROGRESS,
        slug="progres",
        label=_("Post progress"),
        submit=_("Send the update"),
        done=_("The progress update was sent."),
        form=forms.ProgressForm,
        perform=_text(services.post_progress, "body"),
    ),
    ActionSpec(
        action=A.ESCALATE,
        slug="eskalasi",
        label=_("Escalate to the section head"),
        submit=_("Escalate"),
        done=_("Escalated to the section head."),
        form=forms.EscalateForm,
        perform=_escalate,
    ),
    ActionSpec(
        action=A.HAND_TO_HAI,
        slug="kirim-hai",
        label=_("Hand over to HAI DJPb"),
        submit=_("Hand over"),
        done=_("Handed over to HAI DJPb."),
        form=forms.HandToHaiForm,
        perform=_hand_to_hai,
    ),
    ActionSpec(
        action=A.CLASSIFY,
        slug="klasifikasi",
        label=_("Service type and section"),
        submit=_("Save"),
        done=_("The service type and section were saved."),
        form=forms.ClassifyForm,
        perform=_classify,
    ),
    ActionSpec(
        action=A.ADD_NOTE,
        slug="catatan",
        label=_("Internal note"),
        submit=_("Save the note"),
        done=_("The note was saved."),
        form=forms.NoteForm,
        perform=_text(services.add_note, "body"),
    ),
    ActionSpec(
        action=A.REASSIGN,
        slug="alihkan",
        label=_("Reassign"),
        submit=_("Reassign"),
        done=_("The consultation was reassigned."),
        form=forms.ReassignForm,
        perform=_reassign,
    ),
    ActionSpec(
        action=A.REOPEN,
        slug="buka-kembali",
        label=_("Reopen"),
        submit=_("Reopen"),
        done=_("The consultation was reopened."),
        form=forms.ReopenForm,
        perform=_text(services.reopen, "reason"),
    ),
    ActionSpec(
        action=A.CLOSE,
        slug="tutup",
        label=_("Close"),
        submit=_("Close it"),
        done=_("The consultation was closed."),
        form=forms.ConfirmForm,
        perform=_close,
    ),
    ActionSpec(
        action=A.CANCEL,
        slug="batalkan",
        label=_("Cancel the consultation"),
        submit=_("Cancel it"),
        done=_("The consultation was cancelled."),
        form=forms.CancelForm,
        perform=_text(services.cancel, "reason"),
        style="danger",
    ),
]
BY_SLUG = {spec.slug: spec for spec in SPECS}
