"""Small readers of rendered pages for tests: elements by attribute and their text (standard library only)."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Collector(HTMLParser):
    def __init__(self, attr, value):
        super().__init__(convert_charrefs=True)
        self.attr, self.value = attr, value
        self.found = []  # [tag, attrs, text parts]
        self.open = []  # indexes into found of elements still open, with their depth
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.value is None and self.attr in attrs or self.value is not None and attrs.get(self.attr) == self.value:
            self.found.append([tag, attrs, []])
            if tag not in VOID:
                self.open.append((len(self.found) - 1, self.depth))
        if tag not in VOID:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        self.depth -= 1
        while self.open and self.open[-1][1] >= self.depth:
            self.open.pop()

    def handle_data(self, data):
        for index, _depth in self.open:
            self.found[index][2].append(data)


def _page(response_or_html):
    if isinstance(response_or_html, str):
        return response_or_html
    return response_or_html.content.decode()


def find_all(response_or_html, attr, value=None):
    """Elements with attr (equal to value, when given), as (tag, attrs, text with whitespace collapsed)."""
    collector = _Collector(attr, value)
    collector.feed(_page(response_or_html))
    return [(tag, attrs, " ".join("".join(parts).split())) for tag, attrs, parts in collector.found]


def by_testid(response_or_html, testid):
    """The text of the one element with this data-testid."""
    elements = find_all(response_or_html, "data-testid", testid)
    assert len(elements) == 1, f"expected one data-testid={testid!r}, found {len(elements)}"
    return elements[0][2]


def text_by_id(response_or_html, element_id):
    elements = find_all(response_or_html, "id", element_id)
    assert len(elements) == 1, f"expected one id={element_id!r}, found {len(elements)}"
    return elements[0][2]


def values(response_or_html, attr):
    """The values of attr over the page, in order (e.g. every data-nav)."""
    return [attrs[attr] for _tag, attrs, _text in find_all(response_or_html, attr)]


def html_lang(response_or_html):
    return find_all(response_or_html, "lang")[0][1]["lang"]


def page_text(response):
    """The visible text of a page (or an htmx fragment), whitespace collapsed."""
    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts, self.skip = [], 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("script", "style", "title")

        def handle_endtag(self, tag):
            self.skip -= tag in ("script", "style", "title")

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(response.content.decode())
    return " ".join("".join(parser.parts).split())
