from django import template

register = template.Library()


@register.filter
def add_invalid(bound_field):
    """Render a bound field with Bootstrap's is-invalid class when it has errors."""
    if bound_field.errors:
        css = bound_field.field.widget.attrs.get("class", "")
        return bound_field.as_widget(attrs={"class": f"{css} is-invalid"})
    return bound_field.as_widget()


@register.simple_tag(takes_context=True)
def page_url(context, page_number):
    """The current list's address with another page number, keeping the filters."""
    query = context.get("query", "")
    return f"?{query}&page={page_number}" if query else f"?page={page_number}"
