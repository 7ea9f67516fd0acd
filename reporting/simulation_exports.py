"""The printable summary (PDF) and the figures (XLSX) of a simulation (R-S2). Placeholder: helper fills."""

from __future__ import annotations


def pdf_bytes(simulation) -> bytes:
    from core.pdf import render_pdf

    return render_pdf(
        "reporting/pdf/simulation.html", {"simulation": simulation, "results": simulation.results}
    )


def xlsx_bytes(simulation) -> bytes:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
