from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataImportConfig(AppConfig):
    name = "dataimport"
    verbose_name = _("Imports")

    def ready(self):
        from audit.labels import register
        from core.menu import Link, either, register_items
        from core.nav import can_open_admin
        from core.roles import is_hr

        register_items("staff", Link(_("Import from Excel"), "dataimport:index", order=50,
                                     show=either(is_hr, can_open_admin), nav="imports"))

        register({
            "dataimport.batch.preview": _("uploaded a file for import (preview, nothing written)"),
            "dataimport.batch.apply": _("imported the file"),
            "dataimport.batch.discard": _("discarded the import"),
        })
