"""Fetch an import for a user or raise 404: only people who may use its importer see a batch."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from . import registry
from .models import ImportBatch


def get_importer_for_user(user, kind):
    importer = registry.get(kind)
    if importer is None or not importer.can_use(user):
        raise Http404
    return importer


def get_batch_for_user(user, pk):
    batch = get_object_or_404(ImportBatch.objects.select_related("created_by", "finished_by"), pk=pk)
    get_importer_for_user(user, batch.kind)
    return batch
