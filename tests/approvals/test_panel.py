"""approvals.selectors.panel: what every subject's page shows of its approval (includes/panel.html)."""

from django.template.loader import render_to_string
from django.test import RequestFactory

from approvals.services import Decision, request_submit, step_decide
from approvals.selectors import panel

from ..html import find_all


def test_no_request_yet_gives_the_same_keys_empty(org):
    assert panel(None, org.supervisor) == {"approval": None, "steps": [], "current": None, "can_decide": False,
                                           "timeline": []}


def test_the_steps_the_current_one_who_may_decide_and_the_timeline(org, make_request):
    approval = request_submit(request=make_request(org.employee), by=org.employee)
    step_decide(step=approval.steps.get(order=1), by=org.supervisor, decision=Decision.APPROVE, comment="同意")

    for_head = panel(approval, org.head)
    for_supervisor = panel(approval, org.supervisor)

    assert [(s.order, s.state) for s in for_head["steps"]] == [(1, "approved"), (2, "active")]
    assert for_head["current"] == approval.steps.get(order=2)
    assert (for_head["can_decide"], for_supervisor["can_decide"]) == (True, False)
    assert [entry.action for entry in for_head["timeline"]] == ["approvals.request.create", "approvals.request.submit",
                                                               "approvals.step.approve"]


def test_the_include_draws_the_decision_only_when_asked_and_allowed(org, make_request):
    approval = request_submit(request=make_request(org.employee), by=org.employee)
    request = RequestFactory().get("/")
    request.user = org.supervisor

    def draw(user, **flags):
        return render_to_string("approvals/includes/panel.html", {**panel(approval, user), **flags}, request=request)

    assert len(find_all(draw(org.supervisor, decide=True), "data-testid", "decision")) == 1
    assert find_all(draw(org.supervisor), "data-testid", "decision") == []
    in_place = f"#step-{approval.steps.get(order=1).pk}"  # htmx swaps the row; with reload the page is drawn again
    assert (len(find_all(draw(org.supervisor, decide=True), "hx-target", in_place)),
            find_all(draw(org.supervisor, decide=True, reload=True), "hx-target", in_place)) == (1, [])
    assert find_all(draw(org.head, decide=True), "data-testid", "decision") == []
    assert find_all(draw(org.supervisor, decide=True), "href", approval.get_absolute_url()) == []  # its own page
    inbox_row = render_to_string("approvals/_inbox_row.html", {"step": approval.steps.get(order=1),
                                                                "user": org.supervisor}, request=request)
    assert find_all(inbox_row, "href", approval.get_absolute_url())[0][2] == approval.title
    assert len(find_all(draw(org.head), "data-testid", "step")) == 2
    assert find_all(draw(org.head, link=True), "href", approval.get_absolute_url())[0][2] == \
        "The approval request and its history"
    assert "Nothing recorded yet." not in draw(org.head, timeline_card=True)
    assert render_to_string("approvals/includes/panel.html", panel(None, org.head), request=request).strip() == ""
