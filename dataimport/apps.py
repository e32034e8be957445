from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataImportConfig(AppConfig):
    name = "dataimport"
    verbose_name = _("Imports")

    def ready(self):
        from audit.labels import register

        register({
            "dataimport.batch.preview": _("uploaded a file for import (preview, nothing written)"),
            "dataimport.batch.apply": _("imported the file"),
            "dataimport.batch.discard": _("discarded the import"),
        })
