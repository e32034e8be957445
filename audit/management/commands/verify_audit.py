from django.core.management.base import BaseCommand, CommandError

from audit.services import verify_chain


class Command(BaseCommand):
    help = "Check the audit log's hash chain: prints 'intact' or the first broken link."

    def handle(self, *args, **options):
        checked, broken = verify_chain()
        if broken is None:
            self.stdout.write(f"intact: {checked} entries")
            return
        if broken == -1:
            raise CommandError(f"broken: the last {checked}th entry is not the chain's recorded head (entries removed)")
        raise CommandError(f"broken at entry #{broken} (after {checked} intact entries)")
