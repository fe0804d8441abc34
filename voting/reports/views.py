"""Portal views of the summary reports: the list, a report's page (its figures with their charts and tables, the
narrative form with its draft, the PDF's state), the narrative's save, the PDF's build, retry, status, download
and the xlsx export. Thin: a permission helper, a form, one service call, a redirect or a render.

A report is addressed by what it reports on: a cluster term (/reports/clusters/<term>/) or the ministry's year
(/reports/ministry/<year>/); its row is created by its first save.
"""

import io
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core.paging import paginate
from thidua.core.vietnamese import fold
from thidua.documents.pages import document_state, pdf_response, status_response
from thidua.org.forms import add_service_errors
from thidua.org.models import ClusterTerm, Unit
from voting.models import SummaryReport

from . import selectors, services
from .charts import ministry_charts, term_charts
from .drafts import draft_for
from .forms import NarrativeForm
from .permissions import (
    can_see_ministry,
    can_write_ministry,
    can_write_term,
    get_term_for_report,
    require_ministry_visible,
    require_writer,
)
from .xlsx import report_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNITS_PAGE_SIZE = 50


@dataclass
class Target:
    """What a report's page is about: a cluster term (its leader unit) or the ministry's year, and its report."""

    term: ClusterTerm | None
    year: int
    leader: Unit | None
    report: SummaryReport
    can_write: bool

    @property
    def prefix(self) -> str:
        return "report_term" if self.term is not None else "report_ministry"

    @property
    def args(self) -> list[int]:
        return [self.term.pk] if self.term is not None else [self.year]

    def url(self, action: str = "") -> str:
        return reverse(f"{self.prefix}{'_' + action if action else ''}", args=self.args)

    @property
    def name(self) -> str:
        return self.term.cluster.name if self.term is not None else _("Bộ Tư pháp")


def _target(request, *, term_pk: int | None = None, year: int | None = None) -> Target:
    """The report the URL names, if the user may see it (else 404)."""
    if term_pk is not None:
        term = get_term_for_report(request.user, term_pk)
        leader = selectors.term_leader_unit(term)
        return Target(term, term.year, leader, selectors.report_for_term(term), can_write_term(request.user, leader))
    if not 1945 <= year <= 2100:
        raise Http404(_("Năm thi đua không hợp lệ."))
    require_ministry_visible(request.user)
    return Target(None, year, None, selectors.report_for_ministry(year), can_write_ministry(request.user))


def _writable(request, **kwargs) -> Target:
    """The report, if the user may see it (else 404) and write it (else 403)."""
    target = _target(request, **kwargs)
    require_writer(request.user, term=target.term, leader=target.leader)
    return target


def _document_state(target: Target) -> dict:
    """What templates/_document_state.html needs about the report's PDF."""
    return document_state(
        selectors.report_document(target.report),
        status_url=target.url("status"),
        retry_url=target.url("retry"),
        download_url=target.url("download"),
        can_retry=target.can_write,
    )


def _initial(target: Target, draft) -> dict:
    """The form's starting text: what was written; the draft only for a part still empty, never over a text."""
    report = target.report
    return {name: getattr(report, name) or getattr(draft, name) for name in services.NARRATIVE_FIELDS} | {
        "revision": report.revision
    }


def _page(request, target: Target, *, form: NarrativeForm | None = None, status: int = 200):
    figures = selectors.term_figures(target.term) if target.term else selectors.ministry_figures(target.year)
    charts = term_charts(figures) if target.term else ministry_charts(figures)
    draft = draft_for(figures)
    if form is None and target.can_write:
        form = NarrativeForm(initial=_initial(target, draft))
    context = {
        "target": target,
        "report": target.report,
        "figures": figures,
        "charts": charts,
        "draft": draft,
        "form": form,
        "drafted": [name for name in services.NARRATIVE_FIELDS if not getattr(target.report, name)],
        **_document_state(target),
    }
    if target.term is not None:
        context["votes"] = list(zip(figures.votes, charts["votes"], strict=True))
    else:
        context["units"] = paginate(request, list(figures.participation.units), UNITS_PAGE_SIZE, param="unit_page")
    return render(request, "voting/reports/detail.html", context, status=status)


# The list ---------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def report_list(request):
    years = selectors.report_years()
    value = request.GET.get("year", "").strip()
    year = int(value) if value.isdigit() and 1945 <= int(value) <= 2100 else years[0]
    page = paginate(request, selectors.term_reports(request.user, year=year))
    with_ministry = can_see_ministry(request.user) and page.number == 1
    rows = selectors.report_rows(request.user, page.object_list, year=year, with_ministry=with_ministry)
    return render(
        request,
        "voting/reports/list.html",
        {"year": year, "years": sorted({year, *years}, reverse=True), "page": page, "rows": rows},
    )


# A report ---------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def report_detail(request, **kwargs):
    return _page(request, _target(request, **kwargs))


@login_required
@require_POST
def report_narrative(request, **kwargs):
    target = _writable(request, **kwargs)
    form = NarrativeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.report_narrative_save(
                actor=request.user,
                report=target.report,
                achievements=data["achievements"],
                limitations=data["limitations"],
                directions=data["directions"],
                revision=data["revision"],
            )
        except ValidationError as exc:
            if getattr(exc, "code", None) == "stale":
                # Keep what they wrote, on the revision now stored: they save it again once they have read it.
                target = _target(request, **kwargs)
                form = NarrativeForm({**request.POST.dict(), "revision": target.report.revision})
                form.is_valid()
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu phần tường thuật của báo cáo."))
            return redirect(target.url() + "#narrative")
    return _page(request, target, form=form, status=400)


def _document_action(request, kwargs: dict, service, success: str):
    """Run one service on the report's PDF for who may write it; a refusal is shown as a message."""
    target = _writable(request, **kwargs)
    try:
        service(actor=request.user, report=target.report)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect(target.url() + "#document")


@login_required
@require_POST
def report_pdf(request, **kwargs):
    success = _("Đã lập bản PDF của báo cáo; văn bản đang được dựng.")
    return _document_action(request, kwargs, services.report_document_build, success)


@login_required
@require_POST
def report_retry(request, **kwargs):
    success = _("Đã yêu cầu dựng lại bản PDF của báo cáo.")
    return _document_action(request, kwargs, services.report_document_retry, success)


@login_required
@require_GET
def report_status(request, **kwargs):
    """What the page polls while the PDF renders: the status, its label and the step of the progress indicator."""
    document = selectors.report_document(_target(request, **kwargs).report)
    return status_response(document, empty_label=_("Chưa lập"))


def _stem(target: Target) -> str:
    return slugify(fold(f"bao-cao-tong-ket-{target.year}-{target.name}")) or "bao-cao-tong-ket"


@login_required
@require_GET
def report_download(request, **kwargs):
    """The stored PDF, streamed from storage (never a public media URL), for whoever may see the report; 404
    until it is rendered."""
    target = _target(request, **kwargs)
    return pdf_response(
        selectors.report_document(target.report),
        _stem(target),
        missing=_("Bản PDF của báo cáo chưa được dựng xong."),
    )


@login_required
@require_GET
def report_xlsx(request, **kwargs):
    """The report's figures as they are now, in an xlsx workbook."""
    target = _target(request, **kwargs)
    figures = selectors.term_figures(target.term) if target.term else selectors.ministry_figures(target.year)
    out = io.BytesIO()
    report_workbook(figures).save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_stem(target)}.xlsx"'
    return response
