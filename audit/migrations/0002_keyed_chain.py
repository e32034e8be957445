"""The audit chain becomes an HMAC keyed with settings.AUDIT_KEY and covers the actor's displayed name.

The entries written so far were chained with plain SHA-256 over fewer fields. They are checked under that old rule
first: if that chain is intact, every entry is sealed again under the new rule, in order; if it is already broken,
the upgrade stops, because sealing it again would hide the break.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations

GENESIS = "0" * 64


def _dump(data):
    return json.dumps(data, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)


def _fields(entry, prev):
    return {"prev": prev, "at": entry.created_at.isoformat(), "actor": entry.actor_id, "action": entry.action,
            "type": entry.object_type, "id": str(entry.object_id), "repr": entry.object_repr,
            "before": entry.before, "after": entry.after, "ip": entry.ip_address}


def reseal(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ChainHead = apps.get_model("audit", "ChainHead")
    key = settings.AUDIT_KEY.encode()
    old_prev = new_prev = GENESIS
    count = 0
    for entry in AuditEntry.objects.order_by("pk").iterator(chunk_size=2000):
        old_hash = hashlib.sha256(_dump(_fields(entry, old_prev)).encode()).hexdigest()
        if entry.prev_hash != old_prev or entry.hash != old_hash:
            raise RuntimeError(f"The audit chain is already broken at entry #{entry.pk}: investigate before upgrading.")
        old_prev = entry.hash
        payload = {**_fields(entry, new_prev), "actor_label": entry.actor_label}
        new_hash = hmac.new(key, _dump(payload).encode(), hashlib.sha256).hexdigest()
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=new_prev, hash=new_hash)
        new_prev = new_hash
        count += 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash, head.entries) != (old_prev, count):
        raise RuntimeError("Entries were removed from the end of the audit chain: investigate before upgrading.")
    ChainHead.objects.update_or_create(pk=1, defaults={"last_hash": new_prev, "entries": count})


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(reseal, migrations.RunPython.noop, elidable=False)]
