from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit.services import AnchorError, anchor_line, parse_anchors, verify_chain


class Command(BaseCommand):
    help = ("Check the audit log's HMAC chain: prints 'intact' or the first broken link. With --anchor, also compare "
            "with heads exported earlier (anchor lines kept off this server); --print-anchor prints the current head.")

    def add_arguments(self, parser):
        parser.add_argument("--anchor", action="append", default=[], metavar="FILE_OR_LINE",
                            help="a file of anchor lines, or one anchor line; may be given more than once")
        parser.add_argument("--print-anchor", action="store_true",
                            help="after an intact check, print the anchor line to keep elsewhere")

    def handle(self, *args, **options):
        anchors = {}
        for source in options["anchor"]:
            text = source if source.startswith("xinke-audit-anchor ") else self._read(source)
            try:
                anchors.update(parse_anchors(text))
            except AnchorError as error:
                raise CommandError(str(error)) from None
        checked, broken = verify_chain(anchors=anchors)
        if broken == -1:
            raise CommandError(f"broken: the last {checked}th entry is not the chain's recorded head (entries removed)")
        if broken is not None:
            raise CommandError(f"broken at entry #{broken} (after {checked} intact entries)")
        matched = f"; {len(anchors)} anchors matched" if anchors else ""
        self.stdout.write(f"intact: {checked} entries{matched}")
        if options["print_anchor"]:
            self.stdout.write(anchor_line())

    def _read(self, path):
        try:
            return Path(path).read_text()
        except OSError as error:
            raise CommandError(f"cannot read the anchor file {path}: {error.strerror}") from None
