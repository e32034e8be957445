"""The decision card on a subject's own page (approvals/includes/panel.html), checked the same way for every domain
that shows one (leave, duty swap, training plan, external training)."""

from django.urls import reverse

from ..html import find_all, page_text


def approve_on_the_page(client, page, *, step, onlooker, approver):
    """`onlooker` sees no card on `page`, `approver` one, without the request's title link (the page's own link to
    the approval is the only one); approving from the card comes back to the page with the message and no card.
    Returns that last response."""
    approval = step.request
    client.force_login(onlooker)
    assert find_all(client.get(page), "data-testid", "decision") == []
    client.force_login(approver)
    shown = client.get(page)
    assert len(find_all(shown, "data-testid", "decision")) == 1
    assert [text for _tag, _attrs, text in find_all(shown, "href", approval.get_absolute_url())] == ["审批申请及其记录"]

    response = client.post(reverse("approvals:decide", args=[step.pk]), {"decision": "approve", "next": page},
                           follow=True)

    assert (response.redirect_chain, find_all(response, "data-testid", "decision")) == ([(page, 302)], [])
    assert f"您对“{approval.title}”的审批意见已记录。" in page_text(response)
    return response
