"""Uploads for import tests: an Excel workbook or a CSV file built in memory."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROSTER_HEADERS = ["工号", "姓名", "科室", "职务", "职称", "入职日期", "手机", "直接上级工号"]


def xlsx_bytes(rows, headers=ROSTER_HEADERS, title_line=None):
    workbook = Workbook()
    sheet = workbook.active
    if title_line:
        sheet.append([title_line])
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_upload(rows, headers=ROSTER_HEADERS, name="roster.xlsx", **kwargs):
    return SimpleUploadedFile(name, xlsx_bytes(rows, headers, **kwargs), content_type=XLSX)


def csv_upload(text, name="roster.csv", encoding="utf-8-sig"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")
