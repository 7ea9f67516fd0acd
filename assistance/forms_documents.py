"""The form for attaching a document to an application. The content checks live in core.uploads and run
in the service (assistance.services.document_attach); this form only shapes the input."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assistance.models import ApplicationDocument
from core import uploads


def limit_in_megabytes(max_bytes: int = uploads.MAX_DOCUMENT_BYTES) -> int:
    return max(1, max_bytes // uploads.MIB)


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": uploads.ACCEPT}),
        error_messages={
            "required": _("Choose a file to upload: no file was sent."),
            "empty": _("The file is empty. Choose the file again."),
            "invalid": _("No file was sent. Choose the file again."),
            "missing": _("No file was sent. Choose the file again."),
        },
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=ApplicationDocument._meta.get_field("description").max_length,
        required=False,
        help_text=_("Optional, e.g. “Disability decision” or “Employment contract”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "A PDF, JPEG or PNG file of at most %(limit)d MB. The content is checked, not only the name; "
            "after an error choose the file again."
        ) % {"limit": limit_in_megabytes()}
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template writes the <form> with enctype="multipart/form-data"
        self.helper.disable_csrf = True  # and its {% csrf_token %}
        self.helper.layout = Layout(Field("file"), Field("description"))
