from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from appraisal.models import score_text

register = template.Library()


@register.filter
def points(value):
    """A figure with two decimals ("—" when there is none)."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):.2f}"


@register.filter
def score(value):
    """A score as entered: one decimal at least, two when it has them ("—" when there is none)."""
    return score_text(value) or "—"


@register.filter
def percent(weight):
    return f"{(Decimal(weight) * 100).normalize():f}%"


@register.filter
def state_badge(state):
    return {"self": "secondary", "review": "info", "confirm": "warning", "locked": "success"}.get(state, "light")


# One row of the scorecard list (appraisal/list.html), the cells in the table's order. Written with format_html rather
# than by the template engine: 50 rows of ~25 variables each were the largest part of drawing the page.
SCORECARD_ROW = """
    <tr>
      <td data-label="{l_month}" class="text-nowrap">{month}</td>
      <td data-label="{l_name}"><a href="{url}">{name}</a> <small class="text-body-secondary">{username}</small></td>
      <td data-label="{l_department}">{department}</td>
      <td data-label="{l_post}">{post}</td>
      <td data-label="{l_reviewer}">{reviewer}</td>
      <td data-label="{l_state}"><span class="badge text-bg-{badge}">{state}</span>{closed}</td>
      <td data-label="{l_final}" class="text-sm-end fw-semibold">{final}</td>
      <td data-label="{l_grade}">{grade}</td>
      <td data-label="{l_rank}" class="text-sm-end">{rank}</td>
      <td class="text-end text-nowrap">
        <a class="btn btn-sm {button}" href="{action_url}">{action}</a>
      </td>
    </tr>"""
LABELS = ("l_month", "l_name", "l_department", "l_post", "l_reviewer", "l_state", "l_final", "l_grade", "l_rank")


@register.simple_tag(takes_context=True)
def scorecard_rows(context, scorecards):
    """The list's rows: the column labels and button texts are the page's (translated once in appraisal/list.html),
    each scorecard's url, action_url, next_action, month and state_name come from views._list_rows."""
    labels = {name: context[name] for name in LABELS}
    closed = format_html(' <span class="badge text-bg-light border">{}</span>', context["closed"])
    buttons = {"self": ("btn-primary", context["fill_in"]), "review": ("btn-primary", context["review"]),
               "acknowledge": ("btn-warning", context["acknowledge"]), "": ("btn-outline-secondary", context["open"])}
    rows = []
    for scorecard in scorecards:
        button, action = buttons[scorecard.next_action]
        reviewer = scorecard.reviewer
        rows.append(format_html(
            SCORECARD_ROW, **labels, month=scorecard.month, url=scorecard.url, name=scorecard.user.display_name,
            username=scorecard.user.username, department=scorecard.department.name, post=scorecard.post_name,
            reviewer=(reviewer.display_name if reviewer else "") or "—", badge=state_badge(scorecard.state),
            state=scorecard.state_name, closed=closed if scorecard.closed_at else "", final=points(scorecard.result_final),
            grade=scorecard.result_grade or "—", rank=scorecard.result_rank or "—", button=button,
            action_url=scorecard.action_url, action=action))
    return mark_safe("".join(rows))
