"""Documents attached to an application: upload (content checked by core.uploads in the service) and
download. Files live under MEDIA_ROOT, outside static/, and are never served by URL: the only way to read
one is the download view below, which checks the permission and the municipality first."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from assistance import selectors, services
from assistance.forms_documents import DocumentUploadForm
from assistance.models import Application
from core import uploads
from core.downloads import private_file
from core.forms import add_service_errors

logger = logging.getLogger(__name__)

SERVED_TYPES = frozenset({uploads.PDF, uploads.JPEG, uploads.PNG})


@login_required
@permission_required("assistance.add_applicationdocument", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_detail(user=request.user, pk=pk)
    if request.method == "POST":
        form = DocumentUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                document = services.document_attach(
                    application=application,
                    upload=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                    by=request.user,
                )
            except services.IntakeError as exc:
                add_service_errors(form, exc.errors)
            else:
                messages.success(
                    request, _("The document “%(name)s” is attached.") % {"name": document.original_name}
                )
                return redirect(
                    reverse("assistance:application_detail", args=[application.pk]) + "#dokumenti"
                )
    else:
        form = DocumentUploadForm()
    return render(
        request,
        "assistance/document_upload.html",
        {
            "application": application,
            "person": application.person,
            "form": form,
            "closed": application.status == Application.Status.APPROVED,
        },
    )


@login_required
@permission_required("assistance.view_applicationdocument", raise_exception=True)
@require_safe
def document_download(request: HttpRequest, application_pk: int, pk: int) -> HttpResponse:
    document = selectors.document_for_download(user=request.user, application_pk=application_pk, pk=pk)
    try:
        handle = document.file.open("rb")
    except (OSError, ValueError):  # missing on disk, or no file name recorded
        logger.warning("Document %s of application %s is missing from storage", document.pk, application_pk)
        messages.error(
            request,
            _(
                "The file of the document “%(name)s” is missing from the document storage. "
                "Ask the administrator to restore it or upload the document again."
            )
            % {"name": document.original_name},
        )
        return render(request, "404.html", status=404)
    handle.close()
    content_type = (
        document.content_type if document.content_type in SERVED_TYPES else "application/octet-stream"
    )
    return private_file(document.file, filename=document.original_name, content_type=content_type)
