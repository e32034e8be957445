from django.core.management.base import BaseCommand, CommandError

from notifications.crypto import UnreadableSecret
from notifications.push import channels_rotate


class Command(BaseCommand):
    help = ("Re-encrypt every robot webhook and signing secret with the first of PUSH_CHANNEL_KEYS (after putting a "
            "new key first); then the old key can be dropped.")

    def handle(self, *args, **options):
        try:
            count = channels_rotate()
        except UnreadableSecret as error:
            raise CommandError(f"channel {error}: its secrets cannot be read with any configured key; "
                               "enter its webhook again in admin") from None
        self.stdout.write(f"{count} channels re-encrypted")
