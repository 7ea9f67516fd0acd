"""Documents attached to an application (SPEC §2 step 1): PDF, JPEG and PNG only, the content checked and
not only the name, stored under MEDIA_ROOT outside static/, read only through the permission-checked
download view; another municipality's documents are 404."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest
from django.contrib.auth.context_processors import PermWrapper
from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from assistance import rules, services
from assistance.models import Application, ApplicationDocument
from core import uploads

PDF_BYTES = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n"
    b"%%EOF\n"
)
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def image_bytes(kind: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), color=(200, 30, 30)).save(buffer, format=kind)
    return buffer.getvalue()


PNG_BYTES = image_bytes("PNG")
JPEG_BYTES = image_bytes("JPEG")


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def rejected(name: str, content: bytes, **kwargs) -> str:
    with translation.override("en"), pytest.raises(uploads.UploadRejected) as info:
        uploads.check_document(upload(name, content), **kwargs)
    with translation.override("en"):
        return str(info.value.message)


# ------------------------------------------------------------------------------------ core.uploads


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("lēmums.pdf", PDF_BYTES, "application/pdf"),
        ("LĒMUMS.PDF", PDF_BYTES, "application/pdf"),
        ("scan.png", PNG_BYTES, "image/png"),
        ("photo.jpg", JPEG_BYTES, "image/jpeg"),
        ("photo.JPEG", JPEG_BYTES, "image/jpeg"),
    ],
)
def test_pdf_jpeg_and_png_are_accepted_whatever_the_case_of_the_extension(name, content, content_type):
    checked = uploads.check_document(upload(name, content))
    assert checked == uploads.CheckedDocument(
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        safe_name=name,
    )


def test_a_pdf_with_whitespace_after_the_eof_marker_is_accepted():
    assert uploads.check_document(upload("a.pdf", PDF_BYTES + b"\r\n  \n")).content_type == uploads.PDF


def test_size_and_hash_are_computed_over_chunks_and_the_file_is_rewound():
    content = PDF_BYTES[:-6] + b"%" + b"x" * (3 * uploads.CHUNK_BYTES + 17) + b"\n%%EOF\n"
    file = upload("big.pdf", content)
    checked = uploads.check_document(file)
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert file.read(5) == b"%PDF-"


def test_any_file_like_object_with_a_name_is_accepted():
    checked = uploads.check_document(File(io.BytesIO(PDF_BYTES), name="timesheet.pdf"))
    assert checked.size == len(PDF_BYTES)


def test_an_executable_renamed_pdf_is_rejected():
    assert "does not match its name" in rejected("invoice.pdf", EXE_BYTES)


def test_a_png_renamed_pdf_is_rejected():
    assert "not a real PDF" in rejected("scan.pdf", PNG_BYTES)


def test_a_pdf_renamed_png_is_rejected():
    assert "not a real PNG" in rejected("scan.png", PDF_BYTES)


def test_a_text_file_is_rejected_as_a_type_not_allowed():
    message = rejected("notes.txt", b"hello")
    assert "not allowed" in message
    assert "PDF, JPEG and PNG" in message


def test_a_real_pdf_with_a_wrong_extension_is_rejected():
    assert "not allowed" in rejected("decision.docx", PDF_BYTES)


def test_an_empty_file_is_rejected():
    assert "empty" in rejected("empty.pdf", b"")


def test_a_file_over_the_limit_is_rejected_with_the_limit_in_megabytes():
    assert "too large" in rejected("a.pdf", PDF_BYTES, max_bytes=len(PDF_BYTES) - 1)
    assert uploads.check_document(upload("a.pdf", PDF_BYTES), max_bytes=len(PDF_BYTES)).size == len(PDF_BYTES)


def test_the_default_limit_is_ten_megabytes_and_the_message_names_it():
    assert uploads.MAX_DOCUMENT_BYTES == 10 * 1024 * 1024
    big = upload("big.pdf", b"%PDF-" + b"0" * uploads.MAX_DOCUMENT_BYTES)
    with translation.override("en"), pytest.raises(uploads.UploadRejected) as info:
        uploads.check_document(big)
    with translation.override("en"):
        assert str(info.value.message) == "The file is too large. The largest file accepted is 10 MB."


def test_the_limit_is_checked_while_reading_when_the_size_is_not_declared():
    file = File(io.BytesIO(PDF_BYTES), name="a.pdf")
    file.size = None  # a stream that does not know its size
    with pytest.raises(uploads.UploadRejected):
        uploads.check_document(file, max_bytes=10)


def test_a_truncated_pdf_is_rejected():
    assert "incomplete" in rejected("cut.pdf", PDF_BYTES[: len(PDF_BYTES) // 2])


def test_an_image_with_only_a_valid_signature_is_rejected_as_damaged():
    assert "cannot be read" in rejected("fake.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 20)
    assert "cannot be read" in rejected("fake.jpg", b"\xff\xd8\xff" + b"garbage" * 20)


def test_the_message_is_lazy_and_follows_the_user_language():
    with pytest.raises(uploads.UploadRejected) as info:
        uploads.check_document(upload("notes.txt", b"x"))
    with translation.override("en"):
        english = str(info.value.message)
    assert english.startswith("This type of file is not allowed")
    with translation.override("lv"):
        assert str(info.value.message)  # Latvian (or the English text until it is translated)


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\anna\\Desktop\\lēmums.pdf", "lēmums.pdf"),
        ("bad\x00na\x1fme\x7f.pdf", "badname.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # right-to-left override removed
        ("report.pdf. ", "report.pdf"),
        ("  spaced name.png  ", "spaced name.png"),
        (".pdf", "document.pdf"),
        ("", "document"),
        ("..", "document"),
        ("le\u0304mums.pdf", "lēmums.pdf"),  # macOS sends decomposed letters
    ],
)
def test_safe_name_keeps_the_base_name_only(raw, safe):
    assert uploads.safe_filename(raw) == safe


def test_safe_name_is_at_most_150_characters_with_the_extension_kept():
    name = uploads.safe_filename("a" * 400 + ".jpeg")
    assert len(name) == 150
    assert name.endswith("a.jpeg")


def test_path_traversal_name_is_stripped_in_the_checked_document():
    assert uploads.check_document(upload("../../etc/passwd.pdf", PDF_BYTES)).safe_name == "passwd.pdf"


# ----------------------------------------------------------------------------------------- views


def personal_code(born: dt.date, serial: str = "234") -> str:
    century = {18: "0", 19: "1", 20: "2"}[born.year // 100]
    first_ten = born.strftime("%d%m%y") + century + serial
    weights = (1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = (1101 - sum(w * int(d) for w, d in zip(weights, first_ten, strict=True))) % 11 % 10
    assert str(check) == rules.check_digit(first_ten)
    return f"{first_ten[:6]}-{first_ten[6:]}{check}"


def make_application(*, user, serial: str = "234") -> Application:
    from assistance.selectors import municipality_of

    born = dt.date(1980, 3, 15)
    person = services.person_create(
        municipality=municipality_of(user),
        personal_code=personal_code(born, serial),
        first_name="Anna",
        last_name="Bērziņa",
        birth_date=born,
        by=user,
    )
    return services.application_create(person=person, by=user, received_date=dt.date(2025, 1, 10))


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def application(caseworker):
    return make_application(user=caseworker)


def upload_url(application):
    return reverse("assistance:document_upload", args=[application.pk])


def download_url(document, application=None):
    return reverse(
        "assistance:document_download", args=[(application or document.application).pk, document.pk]
    )


@pytest.fixture
def document(application, caseworker):
    return services.document_attach(
        application=application,
        upload=upload("lēmums.pdf", PDF_BYTES),
        description="Invaliditātes lēmums",
        by=caseworker,
    )


def test_caseworker_sees_the_upload_form(client, caseworker, application):
    client.force_login(caseworker)
    response = client.get(upload_url(application))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'enctype="multipart/form-data"' in content
    assert 'accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"' in content
    assert "Anna Bērziņa" in content
    assert reverse("assistance:application_detail", args=[application.pk]) in content
    assert "<script>" not in content  # CSP: no inline scripts


def test_caseworker_uploads_a_pdf_stored_under_media_root_with_its_checksum(
    client, caseworker, application, media_root, settings
):
    client.force_login(caseworker)
    response = client.post(
        upload_url(application),
        {"file": upload("lēmums.pdf", PDF_BYTES, "application/pdf"), "description": "Invaliditātes lēmums"},
    )
    assert response.status_code == 302
    assert response.url == reverse("assistance:application_detail", args=[application.pk]) + "#dokumenti"
    document = ApplicationDocument.objects.get()
    path = Path(document.file.path).resolve()
    assert path.is_relative_to(Path(media_root).resolve())
    assert not path.is_relative_to((Path(settings.BASE_DIR) / "static").resolve())
    assert path.read_bytes() == PDF_BYTES
    assert "lēmums" not in path.name  # stored under a random name
    assert document.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert document.size == len(PDF_BYTES)
    assert document.content_type == "application/pdf"
    assert document.original_name == "lēmums.pdf"
    assert document.description == "Invaliditātes lēmums"
    assert document.uploaded_by == caseworker
    history = document.history.get()
    assert history.history_user == caseworker
    assert history.history_type == "+"


def test_download_returns_the_same_bytes_as_an_attachment(client, caseworker, document):
    client.force_login(caseworker)
    response = client.get(download_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "l%C4%93mums.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_an_executable_renamed_pdf_is_refused_and_the_description_is_kept(
    english, caseworker, application, media_root
):
    english.force_login(caseworker)
    response = english.post(
        upload_url(application), {"file": upload("invoice.pdf", EXE_BYTES), "description": "Mans apraksts"}
    )
    assert response.status_code == 200
    assert "does not match its name" in response.content.decode()
    assert response.context["form"].errors["file"]
    assert 'value="Mans apraksts"' in response.content.decode()
    assert not ApplicationDocument.objects.exists()
    assert not [path for path in Path(media_root).rglob("*") if path.is_file()]


def test_a_post_without_a_file_says_so(english, caseworker, application):
    english.force_login(caseworker)
    response = english.post(upload_url(application), {"description": "x"})
    assert response.status_code == 200
    assert "Choose a file to upload" in response.content.decode()
    assert not ApplicationDocument.objects.exists()


def test_a_file_over_ten_megabytes_is_refused_with_the_limit(english, caseworker, application):
    english.force_login(caseworker)
    big = upload("big.pdf", b"%PDF-1.4\n" + b"0" * uploads.MAX_DOCUMENT_BYTES + b"%%EOF\n")
    response = english.post(upload_url(application), {"file": big})
    assert response.status_code == 200
    assert "The largest file accepted is 10 MB" in response.content.decode()
    assert not ApplicationDocument.objects.exists()


def test_no_document_is_added_to_a_decided_application(english, caseworker, application):
    Application.objects.filter(pk=application.pk).update(status=Application.Status.APPROVED)
    english.force_login(caseworker)
    response = english.post(upload_url(application), {"file": upload("a.pdf", PDF_BYTES)})
    assert response.status_code == 200
    assert "cannot be added to a decided application" in response.content.decode()
    assert not ApplicationDocument.objects.exists()


def test_another_municipality_gets_404_on_upload_and_download(client, caseworker_liepaja, document):
    client.force_login(caseworker_liepaja)
    assert client.get(upload_url(document.application)).status_code == 404
    response = client.post(upload_url(document.application), {"file": upload("a.pdf", PDF_BYTES)})
    assert response.status_code == 404
    assert client.get(download_url(document)).status_code == 404
    assert ApplicationDocument.objects.count() == 1


@pytest.mark.parametrize("persona, status", [("finance", 403), ("ministry", 404), ("assistant", 403)])
def test_roles_without_document_permissions_get_403(client, request, persona, status, document):
    """The ministry gets 404: case data does not exist for it (SPEC §1)."""
    client.force_login(request.getfixturevalue(persona))
    assert client.get(upload_url(document.application)).status_code == status
    assert (
        client.post(upload_url(document.application), {"file": upload("a.pdf", PDF_BYTES)}).status_code
        == status
    )
    assert client.get(download_url(document)).status_code == status
    assert ApplicationDocument.objects.count() == 1


def test_supervisor_downloads_but_cannot_upload(client, supervisor, document):
    client.force_login(supervisor)
    response = client.get(download_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert client.get(upload_url(document.application)).status_code == 403


def test_anonymous_is_sent_to_the_login_page(client, document):
    for url in (upload_url(document.application), download_url(document)):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response.url


def test_a_document_under_another_applications_url_is_404(client, caseworker, document):
    other = make_application(user=caseworker, serial="567")
    client.force_login(caseworker)
    assert client.get(download_url(document, application=other)).status_code == 404


def test_a_file_missing_on_disk_is_404_with_a_message(english, caseworker, document):
    Path(document.file.path).unlink()
    english.force_login(caseworker)
    response = english.get(download_url(document))
    assert response.status_code == 404
    assert "missing from the document storage" in response.content.decode()


# -------------------------------------------------------------------------------- detail include


def render_documents(application, user) -> str:
    application = Application.objects.prefetch_related("documents__uploaded_by").get(pk=application.pk)
    with translation.override("en"):
        return render_to_string(
            "assistance/includes/documents.html", {"application": application, "perms": PermWrapper(user)}
        )


def test_documents_section_lists_the_documents_with_download_links(caseworker, document):
    html = render_documents(document.application, caseworker)
    assert 'id="dokumenti"' in html
    assert download_url(document) in html
    assert "lēmums.pdf" in html
    assert "Invaliditātes lēmums" in html
    assert "PDF" in html
    assert upload_url(document.application) in html
    assert timezone.localtime(document.created_at).strftime("%d.%m.%Y %H:%M") in html


def test_documents_section_has_a_friendly_empty_state(caseworker, supervisor, application):
    html = render_documents(application, caseworker)
    assert "No documents are attached" in html
    assert upload_url(application) in html
    assert upload_url(application) not in render_documents(application, supervisor)
