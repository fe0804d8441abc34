"""Portal views for imports: upload an xlsx file of registrations, preview the dry run, confirm, follow the
progress of a large file. Thin: a permission check, a form, one service call."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from campaigns.forms.imports import ImportUploadForm, add_service_errors
from campaigns.imports import template_rows
from campaigns.models import ImportJob
from campaigns.services import imports as services
from thidua.core.paging import paginate
from thidua.org.permissions import scope_for, writable_units

Status = ImportJob.Status
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JOBS_PAGE_SIZE = 10


def _check_can_import(user) -> None:
    """403 for a user who may not register any unit (viewers, delegates): nothing they could import."""
    if not (scope_for(user).is_board or writable_units(user).exists()):
        raise PermissionDenied(_("Bạn không có quyền đăng ký thi đua cho đơn vị nào."))


def get_import_job_for_user(user, pk, *, write: bool = False) -> ImportJob:
    """A job: 404 unless the user uploaded it or is the board; 403 if `write` (confirm) and not the uploader."""
    job = ImportJob.objects.select_related("created_by").filter(pk=pk).first()
    if job is None or not (job.created_by_id == user.pk or scope_for(user).is_board):
        raise Http404(_("Không tìm thấy lượt nhập tệp."))
    if write and job.created_by_id != user.pk:
        raise PermissionDenied(_("Chỉ người đã tải tệp lên mới được xác nhận nhập tệp này."))
    return job


@login_required
@require_http_methods(["GET", "POST"])
def import_registrations(request):
    _check_can_import(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(actor=request.user, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("imports_job", pk=job.pk)
    jobs = paginate(request, ImportJob.objects.filter(created_by=request.user), JOBS_PAGE_SIZE)
    return render(
        request,
        "campaigns/imports/upload.html",
        {"form": form, "jobs": jobs, "threshold": services.async_threshold()},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def import_template(request):
    _check_can_import(request.user)
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Đăng ký thi đua")
    for row in template_rows():
        sheet.append(row)
    for letter, width in zip("ABCDEF", (8, 40, 30, 32, 14, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-dang-ky-thi-dua.xlsx"'
    return response


def _progress_text(job: ImportJob) -> str:
    done = min(job.processed_rows, job.total_rows)
    values = {
        "done": number_format(done, force_grouping=True),
        "total": number_format(job.total_rows, force_grouping=True),
    }
    # The rows are counted as they are read; checking them and writing them come after, in one go.
    if job.status == Status.IMPORTING and done == job.total_rows:
        return _("Đã đọc %(total)s dòng, đang ghi vào cơ sở dữ liệu…") % values
    if job.status == Status.CHECKING and done == job.total_rows and done:
        return _("Đã đọc %(total)s dòng, đang kiểm tra…") % values
    return _("%(done)s / %(total)s dòng") % values


@login_required
@require_GET
def import_job(request, pk: int):
    job = get_import_job_for_user(request.user, pk)
    return render(
        request,
        "campaigns/imports/job.html",
        {
            "job": job,
            "can_confirm": job.status == Status.READY and job.created_by_id == request.user.pk,
            "progress_text": _progress_text(job),
            "summary": job.summary or {},
        },
    )


@login_required
@require_POST
def import_confirm(request, pk: int):
    job = get_import_job_for_user(request.user, pk, write=True)
    try:
        job = services.import_job_confirm(actor=request.user, job=job)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if job.status == Status.DONE:
            messages.success(request, _("Đã nhập %(n)s đăng ký từ tệp.") % {"n": job.created_rows})
        elif job.status == Status.INVALID:
            messages.error(request, _("Không nhập được: dữ liệu đã thay đổi từ lúc kiểm tra. Xem các lỗi bên dưới."))
        else:
            messages.info(request, _("Đang nhập tệp; trang sẽ tự cập nhật tiến độ."))
    return redirect("imports_job", pk=pk)


@login_required
@require_GET
def import_status(request, pk: int):
    """The job's progress as JSON, polled by static/js/progress.js."""
    job = get_import_job_for_user(request.user, pk)
    return JsonResponse(
        {
            "id": job.pk,
            "status": job.status,
            "status_display": job.get_status_display(),
            "running": job.is_running,
            "processed": min(job.processed_rows, job.total_rows),
            "total": job.total_rows,
            "progress_text": _progress_text(job),
            "created": job.created_rows,
            "error_count": job.error_count,
            "errors": job.errors[:50],
            "url": reverse("imports_job", args=[job.pk]),
        }
    )
