"""Reading the State Council's holiday notice (国务院办公厅关于部分节假日安排的通知) for a year.

Two shapes are understood, line by line and mixed freely:
- the notice as published, e.g. “二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，
  共9天。2月14日（周六）、2月28日（周六）上班。” — the holiday's name before the colon, date ranges marked 放假,
  dates marked 上班;
- a table, one date a row: “2027-02-06, 上班, 春节” (comma, tab or spaces; from a spreadsheet or CSV).
Every weekday written in the notice (周六) is checked against the date, and “共9天” against the range, so a wrong
year or a typing slip is caught before anything is saved.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

import openpyxl

WEEKDAYS = "一二三四五六日"
CLAUSE_BREAK = re.compile(r"[，,]")
SENTENCE_BREAK = re.compile(r"[。；;]")
DATE = re.compile(r"(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*日")
AFTER_DATE = re.compile(r"\s*[（(](?P<note>[^）)]*)[）)]")
RANGE_JOIN = re.compile(r"\s*(?:至|到|—|–|-|～|~)\s*$")
SAID_WEEKDAY = re.compile(r"(?:周|星期)([一二三四五六日天])")
SAID_DAYS = re.compile(r"(?:共|放假)\s*(\d+)\s*天")
HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+|\d+)\s*[、.．]\s*(?P<name>[^：:]{1,30})[：:]")
TITLE_YEAR = re.compile(r"关于\s*(\d{4})\s*年")
TABLE_ROW = re.compile(r"^\s*(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?\s*[,，\t ]+"
                       r"(?P<kind>[^,，\t ]+)\s*(?:[,，\t ]+\s*(?P<name>.*?))?\s*$")
WORK_WORDS = {"上班", "班", "工作日", "调休上班", "补班", "work", "workday", "working"}
OFF_WORDS = {"放假", "休", "休息", "假", "休假", "节假日", "off", "holiday"}
NAME_MAX = 50
ALLOWED_UPLOADS = (".txt", ".csv", ".xlsx")
UPLOAD_MAX_BYTES = 512 * 1024


@dataclass
class Notice:
    """What a notice says for a year: {date: (is_workday, holiday name)}, and why it cannot be used."""

    year: int
    days: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def add(self, line_number, day, working, name):
        known = self.days.get(day)
        if known is not None and known[0] != working:
            self.errors.append(_("Line %(line)d: %(date)s is listed both as a day off and as a working day.") % {
                "line": line_number, "date": day.isoformat()})
            return
        if not self.year - 1 <= day.year <= self.year + 1:
            self.errors.append(_("Line %(line)d: %(date)s is not in %(year)d.") % {
                "line": line_number, "date": day.isoformat(), "year": self.year})
            return
        self.days[day] = (working, (name or known and known[1] or "")[:NAME_MAX])

    def flags(self):
        return {day: working for day, (working, _name) in self.days.items()}

    def holidays(self):
        """[(name, [days off], [working days])] in the order of their first day."""
        groups = {}
        for day, (working, name) in sorted(self.days.items()):
            groups.setdefault(name, ([], []))[0 if not working else 1].append(day)
        return [(name, off, work) for name, (off, work) in groups.items()]


def _weekday_name(day):
    return "周" + WEEKDAYS[day.weekday()]


def _date(year, month, day, line_number, notice):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        notice.errors.append(_("Line %(line)d: %(year)d-%(month)d-%(day)d is not a date.") % {
            "line": line_number, "year": year, "month": month, "day": day})
        return None


def _kind(word):
    word = (word or "").strip().lower()
    if word in WORK_WORDS:
        return True
    if word in OFF_WORDS:
        return False
    return None


def _read_table_row(match, line_number, notice):
    working = _kind(match["kind"])
    if working is None:
        notice.errors.append(_("Line %(line)d: “%(word)s” is neither 放假 (day off) nor 上班 (working day).") % {
            "line": line_number, "word": match["kind"][:20]})
        return
    day = _date(int(match["y"]), int(match["m"]), int(match["d"]), line_number, notice)
    if day is not None:
        notice.add(line_number, day, working, (match["name"] or "").strip())


def _dates_in(clause, year, month, line_number, notice):
    """[(first, last)] ranges in a clause, and the month to carry on. Checks the weekdays the notice gives."""
    tokens, previous_end = [], 0  # [day, the weekday the notice gives, joined to the previous date by 至]
    for match in DATE.finditer(clause):
        month = int(match["m"]) if match["m"] else month
        end = match.end()
        note = AFTER_DATE.match(clause, end)
        if note:
            end = note.end()
        joined = bool(tokens) and bool(RANGE_JOIN.search(clause[previous_end:match.start()]))
        previous_end = end
        if month is None:
            notice.errors.append(_("Line %(line)d: “%(text)s” has no month.") % {
                "line": line_number, "text": match.group(0)})
            continue
        day = _date(int(match["y"]) if match["y"] else year, month, int(match["d"]), line_number, notice)
        if day is None:
            continue
        said = SAID_WEEKDAY.findall(note["note"]) if note else []
        if joined and tokens[-1][2] is False and day < tokens[-1][0] and not match["y"]:
            # 12月31日至1月2日 in the notice for the new year: the range began the year before.
            tokens[-1][0] = tokens[-1][0].replace(year=tokens[-1][0].year - 1)
        tokens.append([day, said[-1] if said else None, joined and tokens[-1][2] is False])
    ranges = []
    for day, said, joined in tokens:
        if said and WEEKDAYS.index(said.replace("天", "日")) != day.weekday():
            notice.errors.append(_(
                "Line %(line)d: %(date)s is a %(actual)s, but the notice says 周%(said)s. Is the year right?") % {
                "line": line_number, "date": day.isoformat(), "actual": _weekday_name(day), "said": said})
        if joined:
            ranges[-1] = (ranges[-1][0], day)
        else:
            ranges.append((day, day))
    return ranges, month


def _read_notice_line(line, line_number, notice, name):
    heading = HEADING.match(line)
    if heading:
        name = heading["name"].strip()
        line = line[heading.end():]
    month = None
    for sentence in SENTENCE_BREAK.split(line):
        waiting, said_days, off_days = [], None, 0
        for clause in CLAUSE_BREAK.split(sentence):
            ranges, month = _dates_in(clause, notice.year, month, line_number, notice)
            waiting.extend(ranges)
            said = SAID_DAYS.search(clause)
            if said:
                said_days = int(said[1])
            working = True if "上班" in clause else False if re.search(r"放假|休息|休假", clause) else None
            if working is None or not waiting:
                continue
            for first, last in waiting:
                day = first
                while day <= last:
                    notice.add(line_number, day, working, name)
                    off_days += not working
                    day += datetime.timedelta(days=1)
            waiting = []
        if waiting:
            notice.errors.append(_("Line %(line)d: say whether %(dates)s is 放假 (a day off) or 上班 (a working day).") % {
                "line": line_number, "dates": "、".join(first.isoformat() for first, _last in waiting)})
        if said_days is not None and off_days and said_days != off_days:
            notice.errors.append(_("Line %(line)d: the notice says %(said)d days off, the dates give %(counted)d.") % {
                "line": line_number, "said": said_days, "counted": off_days})
    return name


def parse(text, year):
    """Read a pasted notice or table for `year`. Check Notice.errors before using Notice.days."""
    notice = Notice(year=year)
    title_year = TITLE_YEAR.search(text or "")
    if title_year and int(title_year[1]) != year:
        notice.errors.append(_("The notice is for %(said)s, not %(year)d.") % {"said": title_year[1], "year": year})
        return notice
    name = ""
    for line_number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        row = TABLE_ROW.match(line)
        if row:
            _read_table_row(row, line_number, notice)
        elif DATE.search(line):
            name = _read_notice_line(line, line_number, notice, name)
    if not notice.errors and not any(day.year == year and not working for day, working in notice.flags().items()):
        notice.errors.append(_("No day off in %(year)d was found: paste the notice's list of holidays (一、元旦：…) "
                               "or a table of dates.") % {"year": year})
    return notice


def check_statutory(notice, statutory):
    """Warn about a statutory holiday ({date: name}) the notice leaves as a working day: usually a paste that lost a
    line."""
    flags = notice.flags()
    for day, name in sorted(statutory.items()):
        if flags.get(day) is True or (day not in flags and day.weekday() < 5):
            notice.warnings.append(_("%(date)s (%(name)s) is a statutory holiday, but the notice leaves it a working "
                                     "day.") % {"date": day.isoformat(), "name": name})


class UploadError(ValueError):
    pass


def read_upload(upload):
    """The text of an uploaded notice: a .txt file as it is, a .csv or .xlsx table as one “date, kind, name” line a
    row. Raises UploadError with a message for the admin."""
    filename = (upload.name or "").lower()
    if not filename.endswith(ALLOWED_UPLOADS):
        raise UploadError(_("Upload a .txt, .csv or .xlsx file."))
    if upload.size > UPLOAD_MAX_BYTES:
        raise UploadError(_("The file is too large for a holiday notice (at most 512 KB)."))
    data = upload.read()
    if filename.endswith(".xlsx"):
        return _xlsx_text(data)
    text = _decode(data)
    if filename.endswith(".csv"):
        return "\n".join(", ".join(cell.strip() for cell in row) for row in csv.reader(io.StringIO(text)))
    return text


def _decode(data):
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UploadError(_("The file is neither UTF-8 nor GBK text."))


def _xlsx_text(data):
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable workbook gets the same answer
        raise UploadError(_("The file is not a readable Excel workbook.")) from error
    lines = []
    for row in book.worksheets[0].iter_rows(values_only=True):
        cells = []
        for cell in row[:3]:
            if isinstance(cell, datetime.datetime):
                cell = cell.date()
            cells.append(cell.isoformat() if isinstance(cell, datetime.date) else str(cell or "").strip())
        if any(cells):
            lines.append(", ".join(cells))
    return "\n".join(lines)
