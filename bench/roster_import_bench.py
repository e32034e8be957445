"""Benchmark of HR's roster import: a 5,000-person Excel roster, uploaded, previewed and imported through the pages.

    python bench/roster_import_bench.py                                  (SQLite, a scratch file, the default)
    DATABASE_URL=postgres://xinke:xinke@127.0.0.1/roster_bench python bench/roster_import_bench.py
    options: --people N --departments N

Starts from a freshly migrated scratch database each run, writes an .xlsx of N people in D departments (a head
named by 职务 主任 in each, everyone else reporting to their head, Excel dates, titles, phones), then times as HR
would meet it: the upload with its dry-run preview, the preview page, the import, and a second upload of the same
file (every row unchanged) — the re-import. Target (issue 13): upload to imported in under a minute with a preview.
It prints figures and asserts nothing.
"""

import argparse
import datetime
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/roster-bench.sqlite3")

from bench.authz_bench import settings  # noqa: E402 (sets up Django with the benches' settings)

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from openpyxl import Workbook  # noqa: E402

TITLES = ["主任医师", "副主任医师", "主治医师", "医师", "主管护师", "护师", "护士", "主管技师", "技师", "药师"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def roster_bytes(people, departments):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("人员名单")
    sheet.append(["工号", "姓名", "科室", "职务", "职称", "入职日期", "手机", "直接上级工号"])
    per_department = people // departments
    for number in range(people):
        department, place = divmod(number, per_department)
        department = min(department, departments - 1)
        head = 200000 + department * per_department
        name = SURNAMES[number % len(SURNAMES)] + GIVEN[number // len(SURNAMES) % len(GIVEN)] + GIVEN[number % 7]
        sheet.append([str(200000 + number), name, f"临床{department + 1:02d}科", "主任" if place == 0 else "",
                      TITLES[number % len(TITLES)], datetime.datetime(2000 + number % 25, 1 + number % 12, 1),
                      f"139{number:08d}", "" if place == 0 else str(head)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def hr_person():
    from django.contrib.auth.models import Group

    from staff.models import Department, StaffProfile, User
    from core.roles import Role

    hr, _created = Department.objects.get_or_create(code="hr", defaults={"name": "人事科"})
    user = User.objects.create(username="9800", name="基准人事", must_change_password=False)
    user.groups.add(Group.objects.get(name=Role.HR.value))
    StaffProfile.objects.create(user=user, department=hr)
    return user


def timed(label, action):
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    print(f"  {label:<52} {elapsed:7.2f} s")
    return result, elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--departments", type=int, default=50)
    options = parser.parse_args()
    print(f"database: {connection.vendor} {settings.DATABASES['default']['NAME']}")
    if connection.vendor == "sqlite":
        connection.close()
        Path(settings.DATABASES["default"]["NAME"]).unlink(missing_ok=True)
    else:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    from dataimport.models import ImportBatch
    from staff.models import StaffProfile

    client = Client()
    client.force_login(hr_person())
    content = roster_bytes(options.people, options.departments)
    print(f"roster: {options.people:,} people in {options.departments} departments, {len(content) / 1024:.0f} KiB xlsx\n")

    def upload():
        response = client.post("/imports/roster/", {
            "file": SimpleUploadedFile("人员名单.xlsx", content), "scope": "all"})
        assert response.status_code == 302, response.status_code
        return ImportBatch.objects.latest("pk")

    batch, preview_time = timed("upload and dry-run preview", upload)
    _page, page_time = timed("preview page (first 50 rows, sections)", lambda: client.get(batch.get_absolute_url()))
    counts = batch.counts()
    print(f"    preview: {counts}")
    _done, apply_time = timed("import (accounts, records, departments, heads)", lambda: client.post(
        f"/imports/batches/{batch.pk}/apply/", {"mode": "all"}))
    batch.refresh_from_db()
    print(f"    state {batch.state}; {StaffProfile.objects.count():,} staff records")
    total = preview_time + page_time + apply_time
    print(f"  {'upload to imported, with the preview':<52} {total:7.2f} s   (target: under 60 s)\n")
    again, again_preview = timed("re-import: upload and preview", upload)
    print(f"    preview: {again.counts()}")
    _done, again_apply = timed("re-import: import (nothing changed)", lambda: client.post(
        f"/imports/batches/{again.pk}/apply/", {"mode": "all"}))
    print(f"  {'re-import, upload to imported':<52} {again_preview + again_apply:7.2f} s")


if __name__ == "__main__":
    main()
