"""The POST data of a Django admin change form as it was rendered, for tests that save admin pages."""


def form_data(response):
    """The POST data of an admin change form as it was rendered (main form and inline formsets)."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.extend(formset.forms)
        management = formset.management_form
        for name, field in management.fields.items():
            data[management.add_prefix(name)] = management.initial.get(name, field.initial)
    for form in forms:
        for name, field in form.fields.items():
            if field.disabled:
                continue
            value = form.initial.get(name, field.initial)
            if value is None:
                continue
            if isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            if isinstance(value, (list, tuple)) or hasattr(value, "model"):  # many-to-many: objects or ids
                data[form.add_prefix(name)] = [getattr(item, "pk", item) for item in value]
                continue
            data[form.add_prefix(name)] = getattr(value, "pk", value)
    return data
