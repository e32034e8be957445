"""Every import goes through these: preview (nothing written), apply (all rows, or only the valid ones), discard.

Applying plans the rows again against the database as it is now and writes only when that plan is the one HR
previewed; otherwise the new preview is kept and HR is asked to look again. Every step is audited.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.services import audit_record
from core.errors import ServiceError

from .models import ImportBatch
from .reading import Row, read_table
from .registry import ERROR, Plan


class _PreviewOutdated(Exception):
    def __init__(self, plan):
        self.plan = plan


def _require_use(importer, by):
    if importer is None or not importer.can_use(by):
        raise ServiceError(_("You may not use this import."))


def plan_rows(importer, rows, options):
    """The importer's plan; rows whose cells were already refused by the reader stay errors whatever it says."""
    plan = importer.plan(rows, options=options)
    cell_errors = {row.number: row.errors for row in rows if row.errors}
    for outcome in plan.outcomes:
        for message in cell_errors.get(outcome.number, []):
            if message not in outcome.messages:
                outcome.refuse(message)
    return plan


def batch_preview(*, importer, upload, options, by):
    """Read the file and plan it: the batch holds the rows and the preview; nothing else is written."""
    _require_use(importer, by)
    table = read_table(upload, importer.columns)
    if not table.rows:
        raise ServiceError(_("The file has a header row but no rows to import."))
    plan = plan_rows(importer, table.rows, options)
    batch = ImportBatch.objects.create(
        kind=importer.kind, file_name=upload.name[:200], file_sha256=table.sha256, options=options,
        rows=[row.as_json() for row in table.rows], ignored_headers=table.ignored_headers, preview=plan.as_json(),
        created_by=by,
    )
    audit_record(actor=by, action="dataimport.batch.preview", obj=batch, after={
        "kind": batch.kind, "file": batch.file_name, "sha256": batch.file_sha256, "counts": plan.counts()})
    return batch


def batch_apply(*, batch, by, only_valid):
    """Write what the preview showed. Refused when a row is wrong (unless only the valid rows are wanted), or when
    the database changed since the preview (the new preview is then kept for HR to look at)."""
    try:
        return _apply(batch.pk, by, only_valid)
    except _PreviewOutdated as outdated:
        ImportBatch.objects.filter(pk=batch.pk, state=ImportBatch.State.PREVIEWED).update(
            preview=outdated.plan.as_json())
        raise ServiceError(_("The records changed since this preview was made. The preview below is up to date: "
                             "look at it again, then import.")) from None


@transaction.atomic
def _apply(pk, by, only_valid):
    batch = ImportBatch.objects.select_for_update().get(pk=pk)
    importer = batch.importer()
    _require_use(importer, by)
    if not batch.is_open():
        raise ServiceError(_("This import is %(state)s; upload the file again to import it.") % {
            "state": batch.get_state_display()})
    plan = plan_rows(importer, [Row.from_json(row) for row in batch.rows], batch.options)
    if plan.fingerprint() != Plan.from_json(batch.preview).fingerprint():
        raise _PreviewOutdated(plan)
    counts = plan.counts()
    if counts[ERROR] and not only_valid:
        raise ServiceError(ngettext(
            "%(count)s row has an error: nothing was imported. Correct the file and upload it again, or import "
            "only the valid rows.",
            "%(count)s rows have errors: nothing was imported. Correct the file and upload it again, or import "
            "only the valid rows.", counts[ERROR]) % {"count": counts[ERROR]})
    plan.outcomes = [outcome for outcome in plan.outcomes if outcome.ok]
    if not plan.outcomes:
        raise ServiceError(_("No row is valid: nothing to import."))
    summary = importer.apply(plan, by=by)
    batch.state, batch.only_valid = ImportBatch.State.APPLIED, bool(only_valid)
    batch.finished_by, batch.finished_at, batch.summary = by, timezone.now(), summary
    batch.rows = []  # the preview keeps what each row did; the raw personal data need not stay
    batch.save(update_fields=["state", "only_valid", "finished_by", "finished_at", "summary", "rows"])
    audit_record(actor=by, action="dataimport.batch.apply", obj=batch, before={"counts": batch.counts()}, after={
        "kind": batch.kind, "file": batch.file_name, "sha256": batch.file_sha256, "only_valid": batch.only_valid,
        "skipped_rows": [number for number, action, _changes in Plan.from_json(batch.preview).fingerprint()[0]
                         if action == ERROR],
        **summary})
    return batch


@transaction.atomic
def batch_discard(*, batch, by):
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    _require_use(batch.importer(), by)
    if not batch.is_open():
        raise ServiceError(_("This import is %(state)s already.") % {"state": batch.get_state_display()})
    batch.state, batch.finished_by, batch.finished_at, batch.rows = (
        ImportBatch.State.DISCARDED, by, timezone.now(), [])
    batch.save(update_fields=["state", "finished_by", "finished_at", "rows"])
    audit_record(actor=by, action="dataimport.batch.discard", obj=batch, after={"file": batch.file_name})
    return batch
