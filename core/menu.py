"""The page shell's menus and role flags, filled by the apps: each registers what it adds in its AppConfig.ready().

    from core.menu import Divider, Link, Menu, either, register_items, register_menu
    register_menu(Menu("training", _("Training"), order=60, app_name="training", nav="training"))
    register_items("training",
                   Link(_("My training"), "training:home", order=10),
                   Divider(order=50, show=either(is_department_leader, is_hr)),
                   Link(_("Department training hours"), "training:hours", order=51,
                        show=either(is_department_leader, is_hr)))

- A `Menu` is a dropdown of the main navigation (or, without items, one link: `url`); `order` places it
  (10 "My work" … 110 "Handovers"); `show(user)` hides it.
- Items (`Link`, `Divider`, `Header`) go into a menu by its key, in their `order`, from any app (the working-day
  calendar adds its link to the leave menu). `show(user)` is a predicate of the app that owns the page.
- The "account" menu is the person's own dropdown (profile, password…); apps add entries to it (the audit log).
- `register_flag("nav_is_it", is_it_staff)` names a predicate for templates (`{% if nav_is_it %}`).
- `register_brand(fn)`: the line beside the product's name, per person (`fn(user)` -> their department's name, or ""
  for the default "IT department"); the organisation registers it.

What a person sees is computed once and cached for NAV_CACHE_SECONDS (a change of role shows within a minute);
counts (`Menu.badge`) are live. Predicates must cost at most a query or two (they run on a cache miss).
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

NAV_CACHE_SECONDS = 60
ACCOUNT = "account"


def everyone(user):
    return True


def either(*predicates):
    """A predicate true when any of these is (e.g. either(is_department_leader, is_hr))."""
    def any_of(user):
        return any(predicate(user) for predicate in predicates)

    return any_of


def both(*predicates):
    """A predicate true when all of these are (e.g. both(is_department_leader, works_with_it_department))."""
    def all_of(user):
        return all(predicate(user) for predicate in predicates)

    return all_of


@dataclass(frozen=True)
class Link:
    label: str
    url: str | Callable  # a URL name, or a function () -> the address (e.g. this month's overview)
    order: int = 0
    show: Callable = everyone
    query: str = ""  # appended to the address: "?scope=team"
    nav: str = ""  # data-nav, for tests that read the menu

    kind = "link"

    def href(self):
        address = self.url() if callable(self.url) else reverse(self.url)
        return address + self.query


@dataclass(frozen=True)
class Divider:
    order: int = 0
    show: Callable = everyone
    nav: str = ""

    kind = "divider"


@dataclass(frozen=True)
class Header:
    label: str
    order: int = 0
    show: Callable = everyone

    kind = "header"


@dataclass(frozen=True)
class Menu:
    key: str
    label: str
    order: int
    app_name: str = ""  # shown active on this app's pages
    url: str = ""  # a menu without items is one link (a URL name)
    url_name: str = ""  # …or shown active on this one page
    show: Callable = everyone
    nav: str = ""
    badge: Callable | None = None  # (user) -> a live count shown beside the label
    badge_testid: str = ""

    def is_active(self, match):
        if match is None:
            return False
        if self.url_name:
            return match.url_name == self.url_name and not match.app_name
        return bool(self.app_name) and match.app_name == self.app_name


_menus = {}
_items = {}
_flags = {}
_brand = []  # at most one provider: (user) -> the text beside the product's name


def register_menu(menu):
    if menu.key in _menus:
        raise ImproperlyConfigured(f"The menu {menu.key!r} is registered twice.")
    _menus[menu.key] = menu
    return menu


def register_items(key, *items):
    """Add entries to a menu (registered by any app, before or after the menu itself)."""
    _items.setdefault(key, []).extend(items)


def register_flag(name, predicate):
    _flags[name] = predicate


def register_brand(provider):
    """Who a person is in the hospital, beside the product's name (their department): one provider."""
    _brand[:] = [provider]


def _layout():
    """Every menu with its items, in order (the account menu apart)."""
    menus = []
    for menu in sorted(_menus.values(), key=lambda menu: (menu.order, menu.key)):
        items = sorted(_items.get(menu.key, ()), key=lambda item: item.order)
        menus.append((menu, items))
    unknown = set(_items) - set(_menus)
    if unknown:
        raise ImproperlyConfigured(f"Menu items registered for no menu: {sorted(unknown)}.")
    return menus


def _signature(layout):
    text = "|".join(f"{menu.key}:{len(items)}" for menu, items in layout) + "|" + ",".join(sorted(_flags))
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def _visibility(user, layout):
    return {
        "flags": {name: bool(predicate(user)) for name, predicate in _flags.items()},
        "menus": [[bool(menu.show(user)), [bool(item.show(user)) for item in items]] for menu, items in layout],
        "brand": str(_brand[0](user) or "") if _brand else "",
    }


def for_user(user, match=None):
    """The template context of the page shell: the flags, the main menus and the account menu's entries."""
    layout = _layout()
    key = f"nav:{user.pk}:{_signature(layout)}"
    seen = cache.get(key)
    if seen is None:
        seen = _visibility(user, layout)
        cache.set(key, seen, NAV_CACHE_SECONDS)
    menus, account = [], []
    for (menu, items), (menu_shown, items_shown) in zip(layout, seen["menus"]):
        if not menu_shown:
            continue
        entries = [_entry(item) for item, shown in zip(items, items_shown) if shown]
        if menu.key == ACCOUNT:
            account = entries
            continue
        if items and not entries:
            continue  # a dropdown with nothing for this person
        menus.append({
            "label": menu.label, "nav": menu.nav, "dropdown": bool(items), "entries": entries,
            "active": menu.is_active(match),
            "href": reverse(menu.url) if menu.url else "",
            "key": menu.key, "counted": menu.badge is not None,
            "badge": menu.badge(user) if menu.badge else 0, "badge_testid": menu.badge_testid,
        })
    return {**seen["flags"], "nav_menus": menus, "nav_account": account, "nav_brand": seen.get("brand", "")}


def _entry(item):
    entry = {"kind": item.kind, "nav": getattr(item, "nav", ""), "label": getattr(item, "label", "")}
    if item.kind == "link":
        entry["href"] = item.href()
    return entry
