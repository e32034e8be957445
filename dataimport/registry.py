"""What a domain provides to be imported, and the registry the domains fill in their AppConfig.ready().

An importer names its columns, says who may use it, and turns rows into a Plan without writing anything
(`plan`), then writes a plan (`apply`). The framework reads the file, keeps the preview, applies it inside one
transaction after checking that a fresh plan still matches what was previewed, and audits every step.

    from dataimport.registry import register
    register(RosterImporter())
"""

from dataclasses import dataclass, field

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
ACTIONS = (CREATE, UPDATE, UNCHANGED, ERROR)


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the Chinese header of the template; other accepted spellings in `aliases`
    required: bool = False
    help: str = ""
    example: str = ""
    aliases: tuple = ()

    def header_names(self):
        return (self.header, self.key, *self.aliases)


@dataclass
class Outcome:
    """What a plan does with one row."""

    number: int
    key: str = ""
    label: str = ""
    action: str = CREATE
    messages: list = field(default_factory=list)
    changes: list = field(default_factory=list)  # [field label, old, new]
    data: dict = field(default_factory=dict)  # what apply() needs, in plain JSON

    def refuse(self, message):
        self.action = ERROR
        self.messages.append(str(message))

    @property
    def ok(self):
        return self.action != ERROR

    def as_json(self):
        return {"number": self.number, "key": self.key, "label": self.label, "action": self.action,
                "messages": self.messages, "changes": self.changes, "data": self.data}

    @classmethod
    def from_json(cls, data):
        return cls(**data)


@dataclass
class Section:
    """A part of the preview beside the rows: departments created or matched, heads named, departures."""

    title: str
    items: list  # each {"text": ..., "url": optional}
    tone: str = "info"  # info, warning
    note: str = ""

    def as_json(self):
        return {"title": str(self.title), "items": self.items, "tone": self.tone, "note": str(self.note)}


@dataclass
class Plan:
    outcomes: list
    sections: list = field(default_factory=list)
    data: dict = field(default_factory=dict)

    def counts(self):
        counts = dict.fromkeys(ACTIONS, 0)
        for outcome in self.outcomes:
            counts[outcome.action] += 1
        return counts

    def fingerprint(self):
        """What HR agreed to in the preview: every row's action and changes, and the sections."""
        return [[o.number, o.action, o.changes] for o in self.outcomes], [s.as_json() for s in self.sections]

    def as_json(self):
        return {"counts": self.counts(), "outcomes": [o.as_json() for o in self.outcomes],
                "sections": [s.as_json() for s in self.sections], "data": self.data}

    @classmethod
    def from_json(cls, data):
        return cls(outcomes=[Outcome.from_json(o) for o in data.get("outcomes", [])],
                   sections=[Section(**s) for s in data.get("sections", [])], data=data.get("data", {}))


class Importer:
    """Base class: subclasses set kind, title, description, columns, and implement can_use, plan and apply."""

    kind = ""
    title = ""
    description = ""
    columns = ()
    options_form = None  # a form class for choices made at upload (e.g. where departures are looked for)
    template_name = "import"

    def can_use(self, user):
        raise NotImplementedError

    def plan(self, rows, *, options):
        """Rows (dataimport.reading.Row) → Plan. Reads the database, writes nothing."""
        raise NotImplementedError

    def apply(self, plan, *, by):
        """Write the plan's valid rows (the framework has dropped the others when HR chose so). Returns a summary
        dict for the audit log. Runs inside the framework's transaction."""
        raise NotImplementedError

    def choice_lists(self):
        """{column header: [allowed values]} for the template's instruction sheet."""
        return {}

    def describe(self, summary):
        """One line for the message after an import."""
        from django.utils.translation import gettext as _

        return _("%(created)s new, %(updated)s updated.") % {
            "created": summary.get("created", 0), "updated": summary.get("updated", 0)}

    def example_rows(self):
        return [{column.key: column.example for column in self.columns}]


_importers = {}


def register(importer):
    _importers[importer.kind] = importer
    return importer


def get(kind):
    return _importers.get(kind)


def available(user):
    return [importer for importer in _importers.values() if importer.can_use(user)]
