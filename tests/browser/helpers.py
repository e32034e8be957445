"""What the browser tests do alike: sign in as someone, approve an inbox row in place."""

from ..factories import PASSWORD


def sign_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(live_server.url + "/")


def approve_in_place(page, step, comment=""):
    """Approve the step's row with htmx and check the page was not reloaded."""
    page.evaluate("window.xinkeStayedOnPage = true")
    row = page.locator(f"#step-{step.pk}")
    if comment:
        row.locator("input[name=comment]").fill(comment)
    row.locator("button[name=decision][value=approve]").click()
    page.locator(f"#step-{step.pk} [role=status]").wait_for()
    assert page.evaluate("window.xinkeStayedOnPage") is True
